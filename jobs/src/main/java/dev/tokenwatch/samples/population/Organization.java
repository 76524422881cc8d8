package dev.tokenwatch.samples.population;

import dev.tokenwatch.samples.Dice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** acme's people, drawn once per seed: offices, home networks, habits, arrivals and departures. */
final class Organization {
    static final int TEAMS = 5;

    static final String[] FIRST = {"anna", "ben", "carla", "david", "elif", "felix", "greta", "hugo", "ines", "jan",
            "kofi", "lena", "marek", "nina", "omar", "priya", "quentin", "rosa", "sven", "tara", "umut", "vera", "wen", "xavier",
            "yuki", "zofia", "arjun", "beatriz", "chen", "diego", "emma", "farah", "gustavo", "hanna", "ivan", "julia", "karan",
            "lucas", "maya", "noah"};
    static final String[] LAST = {"schmidt", "meyer", "dejong", "kowalski", "smith", "jones", "garcia", "silva",
            "sharma", "patel", "nowak", "bakker", "mueller", "wagner", "brown", "taylor", "santos", "oliveira", "reddy", "iyer",
            "fischer", "weber", "visser", "wojcik", "evans", "walker", "costa", "pereira", "gupta", "nair", "becker", "hoffmann",
            "mulder", "lewandowski", "wilson", "davies", "souza", "lima", "kumar", "singh"};

    /** Relative head count per office. */
    private static final int[] OFFICE_WEIGHTS = {30, 10, 8, 10, 10, 8, 14, 10};

    final List<Person> people = new ArrayList<>();
    /** The organization owners who add and remove members and change settings. */
    final List<Person> admins = new ArrayList<>();
    final int days;

    Organization(Dice dice, int headCount, int days) {
        this.days = days;
        Set<String> names = new HashSet<>();
        int newHires = Math.max(2, headCount * 3 / 100);
        for (int i = 0; i < headCount; i++) {
            String base = dice.pick(FIRST).charAt(0) + dice.pick(LAST);
            String name = base;
            for (int n = 2; !names.add(name); n++) name = base + n;
            boolean contractor = dice.chance(0.04);
            Networks.Office office = contractor ? Networks.Office.BERLIN : weightedOffice(dice);
            int startDay = i >= headCount - newHires ? dice.between(2, Math.max(2, days - 2)) : 0;
            Person p = new Person(name, office, isp(dice, office), dice.between(0, TEAMS - 1), dice.chance(0.65),
                    contractor || dice.chance(0.4), dice.chance(0.55), dice.chance(0.08), contractor,
                    dice.pick(Clients.DESKTOP), dice.pick(Clients.BROWSERS), startDay);
            p.homeAddress = dice.pick(p.isp.blocks).address(dice);
            p.personal = new Tok("tok-" + name + "-" + dice.hex(6), name, "personal", p.writer ? Tok.READ_WRITE : Tok.READ);
            if (p.dockerDesktop && startDay == 0) {
                int existing = dice.between(1, 4); // created before the stream starts: used, never seen created
                for (int k = 0; k < existing; k++) p.autoTokens.add(autoToken(dice, name));
            }
            if (startDay == 0 && dice.chance(0.07) && days >= 4) {
                int first = dice.between(1, days - 3);
                p.trip = new Person.Trip(first, Math.min(days - 1, first + dice.between(2, 5)), destinationAbroad(dice, office.country));
            }
            people.add(p);
        }
        for (Person p : people) if (admins.size() < 3 && !p.contractor && p.office == Networks.Office.BERLIN && p.startDay == 0) admins.add(p);
        int leavers = Math.max(1, headCount / 100);
        for (int i = 0; i < leavers; i++) {
            Person p = people.get(dice.between(3, headCount - newHires - 1));
            if (p.trip == null && p.leaveDay < 0 && !admins.contains(p)) p.leaveDay = dice.between(3, Math.max(3, days - 2));
        }
    }

    static Tok autoToken(Dice dice, String user) {
        return new Tok("tok-auto-" + dice.hex(8), user, "auto", Tok.ADMIN);
    }

    private static Networks.Office weightedOffice(Dice dice) {
        int total = 0;
        for (int w : OFFICE_WEIGHTS) total += w;
        int r = dice.between(0, total - 1);
        Networks.Office[] offices = Networks.Office.values();
        for (int i = 0; i < offices.length; i++) {
            r -= OFFICE_WEIGHTS[i];
            if (r < 0) return offices[i];
        }
        return offices[0];
    }

    private static Networks.Isp isp(Dice dice, Networks.Office office) {
        return switch (office) {
            case BERLIN -> dice.pick(new Networks.Isp[] {Networks.Isp.TELEKOM_DE, Networks.Isp.TELEKOM_DE, Networks.Isp.VODAFONE_DE,
                    Networks.Isp.TELEFONICA_DE, Networks.Isp.VERSATEL_DE});
            case AMSTERDAM -> Networks.Isp.KPN_NL;
            case WARSAW -> Networks.Isp.ORANGE_PL;
            case LONDON -> Networks.Isp.BT_GB;
            case NEW_YORK -> dice.pick(new Networks.Isp[] {Networks.Isp.VERIZON_US, Networks.Isp.CHARTER_US});
            case CHICAGO -> Networks.Isp.COMCAST_US;
            case BENGALURU -> dice.pick(new Networks.Isp[] {Networks.Isp.AIRTEL_IN, Networks.Isp.ACT_IN});
            case SAO_PAULO -> dice.pick(new Networks.Isp[] {Networks.Isp.CLARO_BR, Networks.Isp.VIVO_BR});
        };
    }

    private static Networks.Destination destinationAbroad(Dice dice, String homeCountry) {
        Networks.Destination d;
        do {
            d = dice.pick(Networks.Destination.values());
        } while (d.country.equals(homeCountry));
        return d;
    }

    List<Person> presentOn(int day) {
        return people.stream().filter(p -> p.presentOn(day)).toList();
    }
}
