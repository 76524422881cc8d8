package dev.tokenwatch.inventory;

import dev.tokenwatch.event.Event;

/**
 * The network an event came from: its AS when GeoIP knows it, else the address's /24 (or /48) prefix.
 * An AS is what a person's changing home addresses and a CI pool's runners have in common; the prefix
 * is the next best thing for an address the AS data does not cover (a private mirror, or no GeoIP).
 */
public final class Networks {
    private Networks() {}

    /** {@code AS3320 Deutsche Telekom AG}, {@code 10.20.4.0/24}, or null without an address. */
    public static String of(Event e) {
        if (e.asNumber != null) return "AS" + e.asNumber + (e.asOrganization == null ? "" : " " + e.asOrganization);
        return e.networkPrefix;
    }
}
