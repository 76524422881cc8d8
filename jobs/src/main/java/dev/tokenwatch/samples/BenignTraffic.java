package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.MINUTE;

import dev.tokenwatch.samples.Simulation.Activity;

/**
 * The patterns of benign activity all four registries share: clients acting again and again
 * following their habits, pushes to a repository by its known pushers, logins with the odd typo.
 * They are shaped so that the shipped rules learn every benign source early and then stay silent.
 */
final class BenignTraffic {

    /** One push by one pusher; each registry writes it in its own format. */
    interface PushAction<P extends Client> {
        void push(Repo<P> repo, P pusher, long now);
    }

    /** One login attempt; {@code ok} false for the mistyped password. */
    interface LoginAttempt {
        void attempt(long at, boolean ok);
    }

    private final Simulation sim;
    private final Dice dice;

    BenignTraffic(Simulation sim) {
        this.sim = sim;
        this.dice = sim.dice;
    }

    /**
     * Runs {@code act} for a client from {@code start} on, again and again following its habits.
     * While the client still has unseen addresses the next activity comes within the hour, so a
     * client shows all its addresses within a few hours of its first event.
     */
    void repeatedly(Client client, long start, long meanGap, Activity act) {
        sim.at(start, new Activity() {
            @Override
            public void run(long now) {
                if (client.retiredBy(now)) return;
                act.run(now);
                long next = client.stillIntroducing()
                        ? now + dice.millisBetween(15 * MINUTE, 50 * MINUTE)
                        : client.habits.next(now, meanGap, dice);
                sim.at(next, this);
            }
        });
    }

    /**
     * Pushes to a repository. First every pusher pushes once, close together, after all of them
     * are active (a push-new-actor baseline learns them all within hours of the first push); then
     * a steady stream, mostly from the machine pusher, people only in their office hours.
     */
    <P extends Client> void pushesTo(Repo<P> repo, long meanGap, PushAction<P> push) {
        long first = repo.availableFrom;
        for (P p : repo.pushers) first = Math.max(first, p.activeFrom);
        long t = first + dice.millisBetween(5 * MINUTE, 45 * MINUTE);
        for (P pusher : dice.sample(repo.pushers, repo.pushers.size())) {
            sim.at(t, now -> push.push(repo, pusher, now));
            t += dice.millisBetween(10 * MINUTE, 80 * MINUTE);
        }
        sim.at(t + dice.exponentialGap(meanGap), new Activity() {
            @Override
            public void run(long now) {
                push.push(repo, choosePusher(repo, now), now);
                sim.at(now + dice.exponentialGap(meanGap), this);
            }
        });
    }

    private <P extends Client> P choosePusher(Repo<P> repo, long now) {
        P machine = repo.machinePusher();
        if (repo.pushers.size() > 1 && dice.chance(0.3)) {
            P someone = dice.pick(repo.pushers);
            if (someone.habits.isWorking(now) && !someone.retiredBy(now)) return someone;
        }
        return machine;
    }

    /** A login: now and then a mistyped password first, and the successful attempt a little later. */
    void logIn(long now, double typoChance, long minRetry, long maxRetry, LoginAttempt login) {
        long at = now;
        if (dice.chance(typoChance)) {
            login.attempt(at, false);
            at += dice.millisBetween(minRetry, maxRetry);
        }
        login.attempt(at, true);
    }

    /** A short burst: events a few hundred milliseconds to seconds apart. */
    long shortly(long t) {
        return t + dice.millisBetween(150, 4_000);
    }

    /** A random office-hours time of some person between two times. */
    long officeTimeBetween(Human h, long from, long to) {
        long t = h.habits.intoOfficeHours(dice.millisBetween(from, to), dice);
        return Math.min(t, to);
    }
}
