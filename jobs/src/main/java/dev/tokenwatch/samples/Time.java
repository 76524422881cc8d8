package dev.tokenwatch.samples;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Event time: milliseconds since the epoch (nanoseconds where Distribution needs them), the units
 * the generator counts in, and the three ways the formats write a time.
 */
public final class Time {

    public static final long SECOND = 1_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    /** All sample timestamps start here (a Monday). */
    public static final long BASE_TIME = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();

    private Time() {
    }

    /** 2026-11-16T08:00:01.123Z (native events). */
    public static String isoMillis(long millis) {
        StringBuilder sb = dateTime(Math.floorDiv(millis, 1000));
        sb.append('.');
        pad(sb, Math.floorMod(millis, 1000), 3);
        return sb.append('Z').toString();
    }

    /** 2026-11-16T08:00:01Z (Harbor and Docker Hub audit logs). */
    public static String isoSeconds(long millis) {
        return dateTime(Math.floorDiv(millis, 1000)).append('Z').toString();
    }

    /** Go's RFC 3339 with nanoseconds, as Distribution writes it: trailing zeros of the fraction dropped. */
    public static String goTimestamp(long nanos) {
        StringBuilder sb = dateTime(Math.floorDiv(nanos, 1_000_000_000L));
        int fraction = (int) Math.floorMod(nanos, 1_000_000_000L);
        if (fraction != 0) {
            StringBuilder digits = new StringBuilder();
            pad(digits, fraction, 9);
            int len = digits.length();
            while (digits.charAt(len - 1) == '0') len--;
            sb.append('.').append(digits, 0, len);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder dateTime(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        pad(sb, t.getYear(), 4);
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        return sb;
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }
}
