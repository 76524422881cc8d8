package dev.tokenwatch.parse;

/**
 * The usual shape of an RFC 3339 time, {@code 2026-11-20T09:12:34.253+01:00}, read without {@code DateTimeFormatter}:
 * {@code OffsetDateTime.parse} cost a fifth of the source thread's CPU, nearly all of it in the formatter's general
 * machinery. Only text that {@code OffsetDateTime.parse} reads to the same instant is accepted; anything else (no
 * seconds, lowercase t or z, a leap second, an offset without minutes) is declined, for the caller to parse the slow
 * way, so that odd input keeps the formatter's verdict.
 */
final class Rfc3339 {
    /** Returned for text this class does not read; no four-digit year gets near it. */
    static final long DECLINED = Long.MIN_VALUE;

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private Rfc3339() {}

    /**
     * Milliseconds since the epoch of {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)}, exactly as
     * {@code OffsetDateTime.parse(s).toInstant().toEpochMilli()} gives them, or {@link #DECLINED}.
     */
    static long epochMillis(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return DECLINED;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return DECLINED;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) i++;
            int width = i - start;
            if (width == 0 || width > 9) return DECLINED;
            nanos = digits(s, start, width);
            for (; width < 9; width++) nanos *= 10;
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if ((offsetHours | offsetMinutes) < 0 || offsetMinutes > 59) return DECLINED;
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (offsetSeconds > MAX_OFFSET_SECONDS) return DECLINED;
            if (s.charAt(i) == '-') offsetSeconds = -offsetSeconds;
        } else {
            return DECLINED;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
        // As Instant.toEpochMilli: whole seconds (floored) plus the non-negative fraction, cut to milliseconds.
        return epochSecond * 1000 + nanos / 1_000_000;
    }

    /** The value of {@code count} ASCII digits from {@code from}; -1 if any is not one (the formatter reads no others). */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date with year 0..9999, by counting from March 1 of year 0. */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
