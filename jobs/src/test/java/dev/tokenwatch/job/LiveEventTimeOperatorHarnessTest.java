package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The live job's watermark operator in Flink's harness: where event time stood survives a restore. */
class LiveEventTimeOperatorHarnessTest {
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    private static OneInputStreamOperatorTestHarness<Event, Event> harness(Duration settle) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new LiveEventTimeOperator(EventTime.live(OUT_OF_ORDERNESS, Duration.ofDays(30), settle)));
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<Event, Event> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    @Test
    void afterARestoreWithNothingNewTheWatermarkResumesFromTheCheckpointAndMovesOn() throws Exception {
        long lastEvent = millis("2026-11-18T10:00:00Z");
        OperatorSubtaskState snapshot;
        try (var h = harness(Duration.ZERO)) {
            h.open();
            h.processElement(event("2026-11-18T09:00:00Z", "image.pull", "tok-1", null), 0);
            h.processElement(event("2026-11-18T10:00:00Z", "image.pull", "tok-1", null), 0);
            h.setProcessingTime(200);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(watermarks(h)).isNotEmpty();
            snapshot = h.snapshot(1L, 200);
        }
        try (var h = harness(Duration.ofHours(1))) {
            h.initializeState(snapshot);
            h.open();
            assertThat(watermarks(h)).as("the checkpointed watermark, at once")
                    .singleElement().satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(lastEvent - OUT_OF_ORDERNESS.toMillis() - 1));
        }
        try (var h = harness(Duration.ZERO)) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(200);
            assertThat(watermarks(h)).as("settled: the wall clock takes over").last()
                    .satisfies(w -> assertThat(w).isGreaterThan(System.currentTimeMillis() - 60_000));
        }
    }

    @Test
    void aFreshReaderThatHasSeenNothingEmitsNoWatermark() throws Exception {
        try (var h = harness(Duration.ZERO)) {
            h.open();
            h.setProcessingTime(1000);
            assertThat(watermarks(h)).isEmpty();
        }
    }

    @Test
    void anEventDatedFarAheadIsDeadLetteredAndLeavesTheWatermarkWithTheWallClock() throws Exception {
        try (var h = harness(Duration.ZERO)) {
            h.open();
            long now = System.currentTimeMillis();
            h.processElement(event(Instant.ofEpochMilli(now).toString(), "image.pull", "tok-1", null), 0);
            Event wrongClock = event("2099-01-01T00:00:00Z", "image.pull", "tok-2", null);
            h.processElement(wrongClock, 0);
            h.setProcessingTime(200);

            assertThat(h.extractOutputValues()).extracting(e -> e.tokenId).containsExactly("tok-1");
            assertThat(h.getSideOutput(ParseFunction.DEAD_LETTERS)).singleElement().satisfies(letter -> assertThat(letter.getValue())
                    .contains("ahead: event time 2099-01-01T00:00:00Z is ").contains("ahead of the wall clock").contains("--max-ahead")
                    .contains("tok-2"));
            assertThat(watermarks(h)).as("the wall clock, not 2099").isNotEmpty()
                    .allSatisfy(w -> assertThat(w).isLessThan(System.currentTimeMillis()));
        }
    }
}
