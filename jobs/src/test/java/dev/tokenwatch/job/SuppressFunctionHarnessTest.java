package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.testing.TestRules;
import java.util.List;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Suppression in Flink's harness: one alert per period with its count, then state cleared. */
class SuppressFunctionHarnessTest {
    private final Rule push = TestRules.load(TestRules.PUSH).get(0);

    private Detection detection(String time, String user) {
        var e = event(time, "image.push", null, null);
        e.userName = user;
        return new Detection(push, e, "matched");
    }

    @Test
    void repeatsWithinThePeriodFoldIntoOneAlertWhoseFinalCountIsEmittedWhenThePeriodEnds() throws Exception {
        try (var h = Harnesses.keyed(new SuppressFunction(List.of(push)), (Detection d) -> d.suppressionKey)) {
            h.open();
            Detection first = detection("2026-11-16T08:00:00Z", "mallory");
            h.processElement(first, first.event.timestamp);
            for (String t : List.of("2026-11-16T08:10:00Z", "2026-11-16T08:20:00Z")) {
                Detection d = detection(t, "mallory");
                h.processElement(d, d.event.timestamp);
            }
            Detection other = detection("2026-11-16T08:30:00Z", "bob");
            h.processElement(other, other.event.timestamp);
            assertThat(h.extractOutputValues()).as("held until the watermark passes them").isEmpty();

            h.watermark(millis("2026-11-16T08:30:00Z"));
            List<Alert> immediate = h.extractOutputValues();
            assertThat(immediate).extracting(a -> a.event.userName + ":" + a.count).containsExactly("mallory:1", "bob:1");

            h.watermark(millis("2026-11-16T10:00:00Z"));
            List<Alert> all = h.extractOutputValues();
            Alert last = all.get(all.size() - 1);
            assertThat(last.id).isEqualTo(immediate.get(0).id);
            assertThat(last.count).isEqualTo(3);
            assertThat(last.lastSeen).isEqualTo(millis("2026-11-16T08:20:00Z"));
            assertThat(last.eventIds).hasSize(3);
            assertThat(all).hasSize(3);
            assertThat(Harnesses.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theFirstDetectionInEventTimeOpensTheAlertWhicheverArrivesFirst() throws Exception {
        Detection early = detection("2026-11-16T08:00:00Z", "mallory");
        Detection late = detection("2026-11-16T08:05:00Z", "mallory");
        List<Alert> inOrder = alerts(early, late);
        List<Alert> reversed = alerts(late, early);
        assertThat(inOrder.get(0).eventIds).containsExactly(early.event.id);
        assertThat(reversed).extracting(a -> a.id + ":" + a.count)
                .containsExactlyElementsOf(inOrder.stream().map(a -> a.id + ":" + a.count).toList());
    }

    private List<Alert> alerts(Detection... arrival) throws Exception {
        try (var h = Harnesses.keyed(new SuppressFunction(List.of(push)), (Detection d) -> d.suppressionKey)) {
            h.open();
            for (Detection d : arrival) h.processElement(d, d.event.timestamp);
            h.watermark(millis("2026-11-16T12:00:00Z"));
            return h.extractOutputValues();
        }
    }
}
