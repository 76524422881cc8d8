package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.util.ArrayDeque;
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
 *   <li><b>Catching up</b>: while the input is read through history, files not yet read may hold
 *   earlier events, so the watermark holds. That is the case while event time advanced faster than the
 *   wall clock (beyond the out-of-orderness) over the last {@code settle}, as when files of past weeks are
 *   read one after another, and while an event further behind the newest than the out-of-orderness was
 *   read in the last {@code settle}, as when the next file covers the same weeks as the one before. Both
 *   look back over a window, not since some fixed moment, so a reader held up by back-pressure for less
 *   than {@code settle} still counts as catching up, and a live reader that once worked off a backlog is
 *   live again {@code settle} later. It also holds for the first {@code settle} after the first event,
 *   before the pace is known.</li>
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
    /** Wall time when an event further behind the newest than the out-of-orderness was last read. */
    private long disorderedAt = Long.MIN_VALUE;
    /** Where event time stood at each periodic emit of the last {@code settle}, oldest first. */
    private final ArrayDeque<PaceSample> recent = new ArrayDeque<>();
    /** The newest sample at least {@code settle} old: the pace is measured from there. */
    private PaceSample paceFrom;
    private long emitted = Long.MIN_VALUE;

    private record PaceSample(long wallTime, long eventTime) {}

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
        startPace(now, newestEvent);
    }

    private void startPace(long now, long eventTime) {
        recent.clear();
        paceFrom = null;
        recent.addLast(new PaceSample(now, eventTime));
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
            startPace(now, timestamp);
        } else if (timestamp < newest - outOfOrderness) {
            disorderedAt = now;
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
        recordPace(now);
        long candidate = newest - outOfOrderness - 1;
        if (now - lastEventAt >= settle) {
            candidate = Math.max(candidate, now - outOfOrderness - 1);
        } else if (now - firstEventAt < settle || catchingUp(now) || disorderedAt != Long.MIN_VALUE && now - disorderedAt < settle) {
            return;
        }
        if (candidate > emitted) {
            emitted = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }

    private void recordPace(long now) {
        while (!recent.isEmpty() && now - recent.peekFirst().wallTime() >= settle) paceFrom = recent.removeFirst();
        recent.addLast(new PaceSample(now, newest));
    }

    /** Whether event time advanced faster than the wall clock (beyond the out-of-orderness) over the last {@code settle}. */
    private boolean catchingUp(long now) {
        PaceSample from = paceFrom != null ? paceFrom : recent.peekFirst();
        return newest - from.eventTime() > now - from.wallTime() + outOfOrderness;
    }
}
