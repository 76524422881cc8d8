package dev.tokenwatch.testing;

import dev.tokenwatch.event.Event;
import java.time.Instant;

/** Small events for tests. */
public final class TestEvents {
    private static int counter;

    private TestEvents() {}

    public static Event event(String time, String action, String tokenId, String ip) {
        Event e = new Event();
        e.id = "evt-" + (++counter);
        e.timestamp = Instant.parse(time).toEpochMilli();
        e.action = action;
        e.outcome = "success";
        e.dataset = "tokenwatch.native";
        e.tokenId = tokenId;
        e.sourceIp = ip;
        e.userName = "alice";
        return e;
    }

    public static long millis(String time) {
        return Instant.parse(time).toEpochMilli();
    }
}
