package dev.tokenwatch.inventory;

import dev.tokenwatch.event.Event;

/** Where and when a token showed up: the fields an investigator checks first. Any but the time may be null. */
public record Sighting(long time, String ip, String country, String network, String userAgent) {
    public static Sighting of(Event e) {
        return new Sighting(e.timestamp, e.sourceIp != null ? e.sourceIp : e.sourceAddress, e.countryIsoCode, Networks.of(e), e.userAgent);
    }
}
