package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class LiveWatermarksTest {
    private static final long OUT_OF_ORDERNESS = 5_000;
    private static final long SETTLE = 5_000;

    private long wallClock = millis("2026-12-02T10:00:00Z");
    private final LiveWatermarks generator = new LiveWatermarks(OUT_OF_ORDERNESS, SETTLE, () -> wallClock);
    private final Output output = new Output();

    private static final class Output implements WatermarkOutput {
        final List<Long> emitted = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        Long last() {
            return emitted.isEmpty() ? null : emitted.get(emitted.size() - 1);
        }
    }

    private void event(long timestamp) {
        generator.onEvent(null, timestamp, output);
    }

    private void tick(long wallMillis) {
        wallClock += wallMillis;
        generator.onPeriodicEmit(output);
    }

    @Test
    void aReaderThatHasSeenNothingHoldsNoOneBack() {
        tick(200);
        assertThat(output.idle).isTrue();
        assertThat(output.emitted).isEmpty();
    }

    @Test
    void liveEventsAreFollowedAtTheOutOfOrdernessOnceThePaceIsKnown() {
        for (int i = 0; i < 40; i++) {
            event(wallClock - 100);
            tick(200);
        }
        assertThat(output.emitted).isNotEmpty();
        assertThat(output.last()).isEqualTo(wallClock - 200 - 100 - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void readingHistoryHoldsTheWatermarkUntilTheInputIsQuiet() {
        long history = millis("2026-11-16T00:00:00Z");
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 50; j++) event(history += 60_000);
            tick(200);
        }
        assertThat(output.emitted).as("files still to be read may hold earlier events").isEmpty();

        tick(SETTLE);
        assertThat(output.last()).as("read to its end: event time catches up with the wall clock")
                .isEqualTo(wallClock - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void aQuietInputFollowsTheWallClockWithoutJumpingAhead() {
        event(wallClock - 1000);
        tick(SETTLE);
        long first = output.last();
        tick(60_000);
        tick(60_000);
        assertThat(output.last()).isEqualTo(first + 120_000).isEqualTo(wallClock - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void eventsFromTheFutureAreNotOvertakenByTheWallClock() {
        long ahead = wallClock + 3_600_000;
        event(ahead);
        tick(SETTLE);
        assertThat(output.last()).isEqualTo(ahead - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void afterARestoreTheWatermarkHoldsWhileFilesMayStillBeReadThenMovesOn() {
        long newest = millis("2026-11-16T10:00:00Z");
        generator.resume(newest, Long.MIN_VALUE);
        tick(200);
        tick(200);
        assertThat(output.emitted).as("other files may still hold earlier events").isEmpty();
        tick(SETTLE);
        assertThat(output.last()).isEqualTo(wallClock - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void eventsArrivingInBurstsAsSpoolFilesAreFollowedOnceThePaceIsKnown() {
        long start = wallClock;
        for (int t = 0; t < 20_000; t += 200) {
            if (t % 2000 == 0) event(wallClock - 500);
            tick(200);
        }
        assertThat(output.emitted).as("emitted while events keep coming").isNotEmpty();
        assertThat(output.last()).isGreaterThan(start + 20_000 - 2_500 - OUT_OF_ORDERNESS - 1 - 1);
    }

    @Test
    void aLiveReaderThatWorkedOffABacklogIsFollowedAgainOnceThePaceIsBackToTheWallClock() {
        long outOfOrderness = 1_000;
        LiveWatermarks live = new LiveWatermarks(outOfOrderness, SETTLE, () -> wallClock);
        for (int i = 0; i < 50; i++) {
            live.onEvent(null, wallClock - 100, output);
            tick(live, 200);
        }
        long stalled = wallClock;
        for (int i = 0; i < 15; i++) tick(live, 200); // held up downstream for 3 s, less than the settle
        for (long t = stalled; t < wallClock; t += 200) live.onEvent(null, t, output); // the backlog arrives at once
        tick(live, 200);
        for (int i = 0; i < 50; i++) { // live again for 10 s
            live.onEvent(null, wallClock - 100, output);
            tick(live, 200);
        }
        assertThat(output.last()).as("trails the newest event by the out-of-orderness again, not held since the backlog")
                .isEqualTo(wallClock - 200 - 100 - outOfOrderness - 1);
    }

    @Test
    void readingHistoryHeldUpByBackPressureForLessThanTheSettleStillHolds() {
        long history = millis("2026-11-16T00:00:00Z");
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 50; j++) event(history += 60_000);
                tick(200);
            }
            for (int i = 0; i < 20; i++) tick(200); // 4 s without a record read
        }
        assertThat(output.emitted).as("files still to be read may hold earlier events").isEmpty();
    }

    @Test
    void aFileOfTheSameWeeksAsTheOneBeforeHoldsTheWatermarkHoweverSlowlyItIsRead() {
        long history = millis("2026-11-16T00:00:00Z");
        long start = history;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 50; j++) event(history += 60_000);
            tick(200);
        }
        for (int i = 0; i < 100; i++) { // the next file, from the start of the same weeks, one event a tick
            event(start += 60_000);
            tick(200);
        }
        assertThat(output.emitted).as("its events are behind the newest: more files like it may follow").isEmpty();
    }

    private void tick(LiveWatermarks live, long wallMillis) {
        wallClock += wallMillis;
        live.onPeriodicEmit(output);
    }
}
