package dev.tokenwatch.sink.chat;

import java.io.Serializable;
import java.time.Duration;

/** At most {@code messages} alert messages per {@code per} to one destination; the rest fold into one digest per {@code per}. */
public record RateLimit(int messages, Duration per) implements Serializable {
    public static RateLimit defaults() {
        return new RateLimit(30, Duration.ofMinutes(5));
    }
}
