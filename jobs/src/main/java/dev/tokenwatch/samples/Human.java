package dev.tokenwatch.samples;

import java.util.List;

/** A person: one home network, one or two addresses in it, a desktop client and a browser. */
final class Human extends Client {

    /** For web logins and for managing tokens. */
    final String browser;
    /** Set by the main registry, which is the only one with tokens. */
    Token mainToken;
    /** Docker Desktop's auto-generated token or a second personal token; may be rotated. */
    Token extraToken;

    Human(String name, List<String> addresses, String agent, String browser, int utcOffsetMinutes) {
        super(name, addresses, agent, Habits.office(utcOffsetMinutes));
        this.browser = browser;
    }
}
