package dev.tokenwatch.samples.population;

import dev.tokenwatch.samples.Time;
import java.util.ArrayDeque;
import java.util.Deque;

/** One employee or contractor: where they work and live, their client software and tokens. */
final class Person {
    /** A trip abroad: leaves on {@code firstDay}, flies back on {@code lastDay}. */
    record Trip(int firstDay, int lastDay, Networks.Destination destination) {
        boolean covers(int day) {
            return day >= firstDay && day <= lastDay;
        }
    }

    final String name;
    final Networks.Office office;
    final Networks.Isp isp;
    final int team;
    /** Developers push; the others (support, data, product) only pull. */
    final boolean writer;
    final boolean remote;
    final boolean dockerDesktop;
    final boolean vpn;
    /** Works from the partner's site rather than an acme office. */
    final boolean contractor;
    final String desktopAgent;
    final String browser;
    /** First day in the organization: 0 for people already there. */
    final int startDay;
    /** Last day in the organization, or -1. */
    int leaveDay = -1;
    /** Removed without their tokens being revoked (an offboarding gap an attack uses), not a planned leaver. */
    boolean removedCarelessly;
    Trip trip;

    String homeAddress;
    Tok personal;
    /** Docker Desktop's auto-generated tokens, oldest first; it keeps five. */
    final Deque<Tok> autoTokens = new ArrayDeque<>();

    Person(String name, Networks.Office office, Networks.Isp isp, int team, boolean writer, boolean remote, boolean dockerDesktop,
           boolean vpn, boolean contractor, String desktopAgent, String browser, int startDay) {
        this.name = name;
        this.office = office;
        this.isp = isp;
        this.team = team;
        this.writer = writer;
        this.remote = remote;
        this.dockerDesktop = dockerDesktop;
        this.vpn = vpn;
        this.contractor = contractor;
        this.desktopAgent = desktopAgent;
        this.browser = browser;
        this.startDay = startDay;
    }

    /** The token the CLI uses: Docker Desktop's newest auto token, else the personal one. */
    Tok cliToken() {
        return dockerDesktop && !autoTokens.isEmpty() ? autoTokens.peekLast() : personal;
    }

    /** The token the CLI used at {@code time}: the newest one created at least a day before, so it is established by then. */
    Tok cliTokenAt(long time) {
        Tok chosen = null;
        for (Tok t : autoTokens) if (t.createdAt <= time - Time.DAY) chosen = t;
        return chosen != null ? chosen : personal;
    }

    boolean presentOn(int day) {
        return day >= startDay && (leaveDay < 0 || day <= leaveDay);
    }

    int utcOffsetMinutes() {
        return office.utcOffsetMinutes;
    }
}
