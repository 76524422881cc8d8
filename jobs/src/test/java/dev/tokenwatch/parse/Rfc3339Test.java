package dev.tokenwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must agree with {@code OffsetDateTime.parse} wherever it answers, and leave every error to it. */
class Rfc3339Test {

    private static long slow(String s) {
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-20T09:12:34Z",
        "2026-11-20T09:12:34+05:30",
        "2026-11-20T09:12:34-08:00",
        "2026-11-20T09:12:34-00:00",
        "2026-11-20T09:12:34+18:00",
        "2026-11-20T09:12:34-18:00",
        "2026-11-20T09:12:34.1Z",
        "2026-11-20T09:12:34.12Z",
        "2026-11-20T09:12:34.123Z",
        "2026-11-20T09:12:34.1234+01:00",
        "2026-11-20T09:12:34.12345Z",
        "2026-11-20T09:12:34.123456-03:30",
        "2026-11-20T09:12:34.1234567Z",
        "2026-11-20T09:12:34.12345678Z",
        "2026-11-20T09:12:34.332642727Z",
        "2026-11-20T09:12:34.999999999Z",
        "2026-01-31T23:59:59Z",
        "2026-04-30T23:59:59.999Z",
        "2024-02-29T12:00:00Z",
        "2000-02-29T12:00:00Z",
        "2026-02-28T23:59:59Z",
        "2026-12-31T23:59:59-01:00",
        "2027-01-01T00:30:00+01:00",
        "2000-01-01T00:00:00Z",
        "2000-01-01T00:59:59.999+01:00",
        "2099-12-31T23:59:59.999999999Z",
        "2100-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.5Z",
        "1600-02-29T00:00:00Z",
        "0000-01-01T00:00:00.5+01:00",
        "9999-12-31T23:59:59.999999999-18:00",
    })
    void agreesWithOffsetDateTime(String s) {
        assertThat(Rfc3339.epochMillis(s)).isEqualTo(slow(s));
    }

    @Test
    void agreesWithOffsetDateTimeOnRandomInstantsAndOffsets() {
        SplittableRandom random = new SplittableRandom(3339);
        long from = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2110-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 5000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String s = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(offset));
            assertThat(Rfc3339.epochMillis(s)).as(s).isEqualTo(t.toEpochMilli()).isEqualTo(slow(s));
        }
    }

    /** Shapes the formatter reads but this class leaves to it: still parsed, the slow way. */
    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-20t09:12:34z",
        "2026-11-20T09:12Z",
        "2026-11-20T09:12:34.Z",
        "2026-11-20T09:12:34+05",
        "2026-11-20T09:12:34+00:00:00",
    })
    void declinesUnusualShapesTheFormatterStillReads(String s) throws ParseException {
        assertThat(Rfc3339.epochMillis(s)).isEqualTo(Rfc3339.DECLINED);
        assertThat(JsonFields.timestampText("t", s)).isEqualTo(slow(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-20T24:00:00Z",
        "2026-11-20T09:60:00Z",
        "2026-11-20T09:12:60Z",
        "2026-11-20T09:12:34",
        "2026-11-20T09:12:34+18:01",
        "2026-11-20T09:12:34+05:60",
        "2026-11-20T09:12:34.1234567890Z",
        "2026-1-01T09:12:34Z",
        "2026-11-20 09:12:34Z",
        "2026-11-20T09:12:34Zjunk",
        "2026-11-20T09:12:34+05:30 ",
        "+2026-11-20T09:12:34Z",
        "2026-11-2aT09:12:34Z",
        "２０２６-11-20T09:12:34Z",
        "yesterday",
        "",
    })
    void declinesInvalidTextAndLeavesTheErrorToTheFormatter(String s) {
        assertThat(Rfc3339.epochMillis(s)).isEqualTo(Rfc3339.DECLINED);
        assertThatThrownBy(() -> OffsetDateTime.parse(s)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> JsonFields.timestampText("@timestamp", s))
                .isInstanceOf(ParseException.class)
                .hasMessage("@timestamp: not an RFC 3339 time with zone: " + JsonFields.show(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1999-12-31T23:59:59.999999999Z", "2000-01-01T00:59:59.999+01:00", "2100-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void outOfRangeTimesFailAsBefore(String s) {
        assertThat(Rfc3339.epochMillis(s)).isNotEqualTo(Rfc3339.DECLINED);
        assertThatThrownBy(() -> JsonFields.timestampText("@timestamp", s))
                .isInstanceOf(ParseException.class)
                .hasMessage("@timestamp: " + JsonFields.show(s) + " is outside " + JsonFields.EARLIEST + " .. " + JsonFields.LATEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2000-01-01T00:00:00Z", "2000-01-01T01:00:00+01:00", "2099-12-31T23:59:59.999999999Z", "2026-11-20T09:12:34.253+01:00"})
    void inRangeTimesParseAsBefore(String s) throws ParseException {
        assertThat(JsonFields.timestampText("@timestamp", s)).isEqualTo(slow(s));
    }
}
