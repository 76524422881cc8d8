package dev.tokenwatch.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.LongStream;

/**
 * The UTC calendar days a backtest covers, first to last inclusive. Alerts per day are averaged over
 * all of them, quiet days included, so a rule that fires on one day of four shows a quarter a day.
 *
 * @param first the first day, or null when there was no input at all
 * @param days how many days, 0 without input
 */
public record DayRange(LocalDate first, int days) {
    public static final DayRange EMPTY = new DayRange(null, 0);

    /** The days from the earliest to the latest of the given event times (epoch milliseconds). */
    public static DayRange spanning(LongStream millis) {
        long[] minMax = millis.collect(() -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE},
                (acc, t) -> { acc[0] = Math.min(acc[0], t); acc[1] = Math.max(acc[1], t); },
                (a, b) -> { a[0] = Math.min(a[0], b[0]); a[1] = Math.max(a[1], b[1]); });
        if (minMax[0] > minMax[1]) return EMPTY;
        LocalDate first = day(minMax[0]);
        return new DayRange(first, (int) ChronoUnit.DAYS.between(first, day(minMax[1])) + 1);
    }

    /** Which day (0-based) an event time falls on, or -1 outside the range. */
    public int index(long millis) {
        if (first == null) return -1;
        long i = ChronoUnit.DAYS.between(first, day(millis));
        return i < 0 || i >= days ? -1 : (int) i;
    }

    public LocalDate day(int index) {
        return first.plusDays(index);
    }

    public LocalDate last() {
        return first == null ? null : first.plusDays(days - 1L);
    }

    /** The average of {@code count} over the range; 0 for an empty range rather than a division by zero. */
    public double perDay(long count) {
        return days == 0 ? 0 : (double) count / days;
    }

    private static LocalDate day(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
