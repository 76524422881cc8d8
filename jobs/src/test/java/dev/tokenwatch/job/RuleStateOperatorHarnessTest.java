package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.testing.TestRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rule-state operator in Flink's harness: output, snapshot/restore, and state cleanup. */
class RuleStateOperatorHarnessTest {
    private final List<Rule> rules = TestRules.load(TestRules.NEW_SOURCE, TestRules.REVOKED);
    private ConditionMatcher matcher;

    @BeforeEach
    void setUp() {
        matcher = new ConditionMatcher(rules);
    }

    @AfterEach
    void tearDown() {
        matcher.close();
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, HitGroup, String, Detection> harness() throws Exception {
        return Harnesses.ruleState(rules);
    }

    private void send(KeyedTwoInputStreamOperatorTestHarness<String, HitGroup, String, Detection> h, Event e) throws Exception {
        Harnesses.send(h, matcher, e);
    }

    @Test
    void newIpAfterLearningIsDetectedAndStateIsDroppedAfterTheHistoryWindow() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, event("2026-11-16T08:00:00Z", "image.pull", "tok-1", "80.130.1.2"));
            send(h, event("2026-11-16T08:30:00Z", "image.pull", "tok-1", "80.130.1.3"));
            send(h, event("2026-11-16T10:00:00Z", "image.pull", "tok-1", "80.130.1.2"));
            send(h, event("2026-11-16T11:00:00Z", "image.pull", "tok-1", "45.67.1.9"));
            assertThat(h.extractOutputValues()).as("held until the watermark passes them").isEmpty();
            Harnesses.watermark(h, millis("2026-11-16T11:00:00Z"));
            List<Detection> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).ruleId).isEqualTo("test-new-source");
            assertThat(out.get(0).event.sourceIp).isEqualTo("45.67.1.9");
            assertThat(out.get(0).detail).contains("source.ip '45.67.1.9'");
            assertThat(Harnesses.keyedStateEntries(h)).isGreaterThan(0);

            Harnesses.watermark(h, millis("2026-11-19T00:00:00Z"));
            assertThat(Harnesses.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void revocationLearnedFromTheStreamFlagsLaterUseUntilItsTtl() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, event("2026-11-16T08:00:00Z", "image.pull", "tok-9", null));
            send(h, event("2026-11-17T08:00:00Z", "token.revoked", "tok-9", null));
            send(h, event("2026-11-18T08:00:00Z", "image.pull", "tok-9", null));
            send(h, event("2026-11-18T08:00:00Z", "image.pull", "tok-other", null));
            Harnesses.watermark(h, millis("2026-11-18T08:00:00Z"));
            List<Detection> out = h.extractOutputValues();
            assertThat(out).extracting(d -> d.ruleId + ":" + d.event.tokenId).containsExactly("test-revoked:tok-9");

            Harnesses.watermark(h, millis("2026-11-28T00:00:00Z"));
            assertThat(Harnesses.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void restoreFromASnapshotMidStreamGivesTheSameDetectionsAsAnUninterruptedRun() throws Exception {
        List<Event> first = List.of(
                event("2026-11-16T08:00:00Z", "image.pull", "tok-1", "80.130.1.2"),
                event("2026-11-16T08:10:00Z", "token.revoked", "tok-2", null));
        List<Event> second = List.of(
                event("2026-11-16T12:00:00Z", "image.pull", "tok-1", "45.67.1.9"),
                event("2026-11-16T12:00:00Z", "image.pull", "tok-2", "80.130.1.2"));

        List<String> uninterrupted = new ArrayList<>();
        try (var h = harness()) {
            h.open();
            for (Event e : first) send(h, e);
            for (Event e : second) send(h, e);
            Harnesses.watermark(h, millis("2026-11-16T12:00:00Z"));
            h.extractOutputValues().forEach(d -> uninterrupted.add(d.ruleId + ":" + d.event.id));
        }

        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (Event e : first) send(h, e);
            assertThat(h.extractOutputValues()).isEmpty();
            snapshot = h.snapshot(1L, millis("2026-11-16T09:00:00Z"));
        }
        List<String> restored = new ArrayList<>();
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (Event e : second) send(h, e);
            Harnesses.watermark(h, millis("2026-11-16T12:00:00Z"));
            h.extractOutputValues().forEach(d -> restored.add(d.ruleId + ":" + d.event.id));
        }
        assertThat(uninterrupted).hasSize(2);
        assertThat(restored).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void hitsHeldAtACheckpointAreEvaluatedOnceAfterARescaleEachByTheSubtaskThatOwnsItsKey() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event("2026-11-16T08:00:00Z", "token.revoked", "tok-r" + i, null));
            events.add(event("2026-11-16T09:00:00Z", "image.pull", "tok-r" + i, "80.130.1." + i));
        }
        List<String> uninterrupted = new ArrayList<>();
        try (var h = Harnesses.ruleState(rules, 128, 1, 0)) {
            h.open();
            for (Event e : events) send(h, e);
            Harnesses.watermark(h, millis("2026-11-16T10:00:00Z"));
            h.extractOutputValues().forEach(d -> uninterrupted.add(d.ruleId + ":" + d.event.id));
        }

        OperatorSubtaskState snapshot;
        try (var h = Harnesses.ruleState(rules, 128, 1, 0)) {
            h.open();
            for (Event e : events) send(h, e);
            snapshot = h.snapshot(1L, millis("2026-11-16T07:00:00Z"));
        }
        List<String> rescaled = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var h = Harnesses.ruleState(rules, 128, 2, subtask)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, 128, 1, 2, subtask));
                h.open();
                Harnesses.watermark(h, millis("2026-11-16T10:00:00Z"));
                List<Detection> out = h.extractOutputValues();
                assertThat(out).as("subtask %d evaluates its share of the held keys", subtask).isNotEmpty();
                out.forEach(d -> rescaled.add(d.ruleId + ":" + d.event.id));
            }
        }
        assertThat(uninterrupted).hasSize(20);
        assertThat(rescaled).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void hitsAreEvaluatedInEventTimeOrderWhateverTheOrderTheyArriveIn() throws Exception {
        List<Event> inOrder = List.of(
                event("2026-11-16T08:00:00Z", "image.pull", "tok-3", "80.130.1.2"),
                event("2026-11-16T09:00:00Z", "token.revoked", "tok-3", null),
                event("2026-11-16T12:00:00Z", "image.pull", "tok-3", "45.67.1.9"));
        List<String> expected = detections(inOrder);
        assertThat(expected).containsExactlyInAnyOrder("test-new-source:" + inOrder.get(2).id, "test-revoked:" + inOrder.get(2).id);
        assertThat(detections(List.of(inOrder.get(2), inOrder.get(1), inOrder.get(0)))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(detections(List.of(inOrder.get(1), inOrder.get(2), inOrder.get(0)))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aHitBehindTheWatermarkIsEvaluatedOnArrival() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, event("2026-11-16T08:00:00Z", "token.revoked", "tok-4", null));
            Harnesses.watermark(h, millis("2026-11-16T10:00:00Z"));
            send(h, event("2026-11-16T09:00:00Z", "image.pull", "tok-4", null));
            assertThat(h.extractOutputValues()).extracting(d -> d.ruleId).containsExactly("test-revoked");
        }
    }

    private List<String> detections(List<Event> arrival) throws Exception {
        try (var h = harness()) {
            h.open();
            for (Event e : arrival) send(h, e);
            Harnesses.watermark(h, millis("2026-11-16T12:00:00Z"));
            return h.extractOutputValues().stream().map(d -> d.ruleId + ":" + d.event.id).toList();
        }
    }
}
