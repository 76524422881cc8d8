package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.DAY;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;

import java.util.List;

/**
 * Someone or something talking to a registry: an account, the addresses it connects from, its
 * client software and its habits. Its addresses are "introduced" one by one in its first
 * activities, close together, so that a baseline learns all of them early.
 */
class Client {

    final String user;
    final List<String> addresses;
    final String agent;
    final Habits habits;
    /** Time of its first activity; nothing uses it earlier. */
    long activeFrom;
    /** Revoked or deleted at this time: benign use stops well before. */
    long retiredAt = Long.MAX_VALUE;
    private int introduced;

    Client(String user, List<String> addresses, String agent, Habits habits) {
        this.user = user;
        this.addresses = addresses;
        this.agent = agent;
        this.habits = habits;
    }

    /** A bot, robot or host acting around the clock; Harbor and Docker Hub machines log no address or agent. */
    static Client machine(String user, List<String> addresses, String agent) {
        return new Client(user, addresses, agent, Habits.MACHINE);
    }

    /** The next unseen address while there are any, then any of its usual ones. */
    String nextAddress(Dice dice) {
        if (addresses.isEmpty()) return null;
        if (introduced < addresses.size()) return addresses.get(introduced++);
        return dice.pick(addresses);
    }

    boolean stillIntroducing() {
        return introduced < addresses.size();
    }

    boolean isMachine() {
        return !habits.officeHours();
    }

    /** Ten minutes of margin so a burst of events never reaches past the revocation. */
    boolean retiredBy(long t) {
        return t + 10 * MINUTE >= retiredAt;
    }

    /** When a client acts: machines around the clock, people on weekdays in local office hours. */
    record Habits(boolean officeHours, int utcOffsetMinutes) {
        static final Habits MACHINE = new Habits(false, 0);
        private static final long OFFICE_START = 7 * HOUR;
        private static final long OFFICE_END = 19 * HOUR;

        static Habits office(int utcOffsetMinutes) {
            return new Habits(true, utcOffsetMinutes);
        }

        long next(long now, long meanGap, Dice dice) {
            long t = now + dice.exponentialGap(meanGap);
            return officeHours ? intoOfficeHours(t, dice) : t;
        }

        boolean isWorking(long t) {
            if (!officeHours) return true;
            long local = t + utcOffsetMinutes * MINUTE;
            long timeOfDay = Math.floorMod(local, DAY);
            return timeOfDay >= OFFICE_START && timeOfDay < OFFICE_END && dayOfWeek(local) < 5;
        }

        /** Moves a time outside office hours to a next morning; most people skip weekends. */
        long intoOfficeHours(long t, Dice dice) {
            long offset = utcOffsetMinutes * MINUTE;
            long local = t + offset;
            long day = Math.floorDiv(local, DAY);
            long timeOfDay = local - day * DAY;
            if (timeOfDay < OFFICE_START || timeOfDay >= OFFICE_END) {
                if (timeOfDay >= OFFICE_END) day++;
                local = day * DAY + OFFICE_START + dice.millisBetween(0, 2 * HOUR);
            }
            int weekday = dayOfWeek(local);
            if (weekday >= 5 && dice.chance(0.9)) local += (7 - weekday) * DAY;
            return local - offset;
        }

        /** 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday. */
        private static int dayOfWeek(long millis) {
            return Math.floorMod(Math.floorDiv(millis, DAY) + 3, 7);
        }
    }
}
