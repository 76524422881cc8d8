package dev.tokenwatch.backtest;

import static dev.tokenwatch.backtest.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The days a backtest spans and alerts counted per rule per day. */
class DayRangeTest {
    private static long t(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    @Test
    void spansUtcCalendarDaysFromTheFirstToTheLastEventInclusive() {
        DayRange range = DayRange.spanning(LongStream.of(t("2026-11-19T23:59:59Z"), t("2026-11-16T00:00:01Z"), t("2026-11-17T12:00:00Z")));

        assertThat(range.first()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(range.last()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(range.days()).isEqualTo(4);
        assertThat(range.perDay(9)).isEqualTo(2.25);
    }

    @Test
    void aFewMinutesAcrossMidnightAreTwoDays() {
        DayRange range = DayRange.spanning(LongStream.of(t("2026-11-16T23:58:00Z"), t("2026-11-17T00:02:00Z")));

        assertThat(range.days()).isEqualTo(2);
        assertThat(range.index(t("2026-11-16T23:59:59.999Z"))).isZero();
        assertThat(range.index(t("2026-11-17T00:00:00Z"))).isEqualTo(1);
        assertThat(range.index(t("2026-11-18T00:00:00Z"))).isEqualTo(-1);
    }

    @Test
    void noInputIsZeroDaysAndZeroPerDay() {
        DayRange range = DayRange.spanning(LongStream.empty());

        assertThat(range.days()).isZero();
        assertThat(range.perDay(5)).isZero();
        assertThat(range.index(t("2026-11-16T00:00:00Z"))).isEqualTo(-1);
    }

    @Test
    void alertsAreCountedPerRuleOnTheDayOfTheirTriggeringEvent() {
        DayRange range = new DayRange(LocalDate.of(2026, 11, 16), 4);

        Map<String, long[]> counts = DailyCounts.perRule(range, List.of(
                alert("1", "r1", "2026-11-16T00:00:00Z", "a"),
                alert("2", "r1", "2026-11-16T23:59:59Z", "b"),
                alert("3", "r1", "2026-11-19T08:00:00Z", "a"),
                alert("4", "r2", "2026-11-18T08:00:00Z", "a")));

        assertThat(counts).containsOnlyKeys("r1", "r2");
        assertThat(counts.get("r1")).containsExactly(2, 0, 0, 1);
        assertThat(counts.get("r2")).containsExactly(0, 0, 1, 0);
    }
}
