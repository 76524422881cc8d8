package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time for the long-running job, one instance per parallel reader. Rule state advances only
 * when the watermark passes an event ({@link EventTimeOrder}), so the watermark decides what the
 * job may treat as complete. It must never pass an event that is still to be read, yet it must
 * keep moving through a quiet night.
 * <ul>
 *   <li><b>Live</b>: while event time advances no faster than the wall clock, the watermark trails
 *   the newest event by the out-of-orderness, as Flink's bounded-out-of-orderness strategy does.</li>
 *   <li><b>Catching up</b>: while the input races through history (event time advancing faster than
 *   the wall clock, as when files of past weeks are read one after another), files not yet read may
 *   hold earlier events, so the watermark holds. It also holds for the first {@code settle} after the
 *   first event, before the pace is known.</li>
 *   <li><b>Quiet</b>: once no event has arrived for {@code settle}, everything offered has been read:
 *   the watermark moves to the newest event, then follows the wall clock (minus the out-of-orderness),
 *   so windows, absence steps and dormancy still fire at night without jumping to the end of time.</li>
 *   <li>A reader that has never seen an event is idle, so it holds no one back.</li>
 * </ul>
 * A reader that stalls for {@code settle} because the job downstream is back-pressured looks quiet too.
 */
final class LiveWatermarks implements WatermarkGenerator<Event> {
    private final long outOfOrderness;
    private final long settle;
    private final LongSupplier wallClock;
    private long newest = Long.MIN_VALUE;
    private long lastEventAt;
    private long firstEventAt;
    /** Event time and wall time when the watermark last advanced: the pace is measured from there. */
    private long paceEventTime = Long.MIN_VALUE;
    private long paceWallTime;
    private long emitted = Long.MIN_VALUE;

    LiveWatermarks(long outOfOrderness, long settle, LongSupplier wallClock) {
        this.outOfOrderness = outOfOrderness;
        this.settle = settle;
        this.wallClock = wallClock;
    }

    /**
     * Continues from a checkpoint: the newest event and the watermark emitted then. Files may still be
     * being read from where the checkpoint left them, so the watermark holds for {@code settle} as at a
     * first start; if nothing new arrives, the input has settled and event time moves on.
     */
    void resume(long newestEvent, long watermark) {
        long now = wallClock.getAsLong();
        newest = newestEvent;
        emitted = watermark;
        lastEventAt = now;
        firstEventAt = now;
        paceEventTime = newestEvent;
        paceWallTime = now;
    }

    long newest() {
        return newest;
    }

    long emitted() {
        return emitted;
    }

    @Override
    public void onEvent(Event event, long timestamp, WatermarkOutput output) {
        long now = wallClock.getAsLong();
        if (newest == Long.MIN_VALUE) {
            firstEventAt = now;
            paceEventTime = timestamp;
            paceWallTime = now;
        }
        newest = Math.max(newest, timestamp);
        lastEventAt = now;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (newest == Long.MIN_VALUE) {
            output.markIdle();
            return;
        }
        long now = wallClock.getAsLong();
        long candidate = newest - outOfOrderness - 1;
        if (now - lastEventAt >= settle) {
            candidate = Math.max(candidate, now - outOfOrderness - 1);
        } else if (now - firstEventAt < settle || newest - paceEventTime > now - paceWallTime + outOfOrderness) {
            return;
        }
        paceEventTime = newest;
        paceWallTime = now;
        if (candidate > emitted) {
            emitted = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }
}
