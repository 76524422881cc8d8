package dev.tokenwatch.inventory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as reports show them: UTC, to the second. */
public final class Times {
    private Times() {}

    public static String utc(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String utc(Long millis) {
        return millis == null ? null : utc(millis.longValue());
    }
}
