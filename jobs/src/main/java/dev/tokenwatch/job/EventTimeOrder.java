package dev.tokenwatch.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import dev.tokenwatch.detect.Timers;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a key's inputs until the watermark passes them, then hands them over in event-time order,
 * ties broken by {@code tieBreak} (as Flink CEP orders its input). Whatever the interleaving of files,
 * partitions and parallel subtasks, and after any restore, a key's state then sees the same sequence,
 * so the live job gives the alerts (and alert ids) of a replay. Each held time has an event-time timer;
 * the owning operator calls {@link #due} from {@code onTimer}, before its own timers for that time.
 */
final class EventTimeOrder<T> {
    private final MapState<Long, List<T>> held;
    private final Comparator<T> tieBreak;

    EventTimeOrder(MapState<Long, List<T>> held, Comparator<T> tieBreak) {
        this.held = held;
        this.tieBreak = tieBreak;
    }

    /**
     * Holds {@code item} until the watermark reaches {@code timestamp}; false when it already has
     * (a late input), and the caller must process it at once.
     */
    boolean hold(T item, long timestamp, TimerService timers) {
        if (timestamp <= timers.currentWatermark()) return false;
        StateAccess.unchecked(() -> {
            List<T> at = held.get(timestamp);
            List<T> updated = at == null ? new ArrayList<>(1) : new ArrayList<>(at);
            updated.add(item);
            held.put(timestamp, updated);
            return null;
        });
        timers.registerEventTimeTimer(timestamp);
        return true;
    }

    /**
     * Timers for an input evaluated late. Its state's timers (window ends, cleanup) may lie behind the
     * watermark already; they would fire at the next watermark, in the middle of a burst of late
     * events (a file of last week's events dropped into a running job), cutting it into pieces. They
     * fire {@link #LATE_GRACE_MILLIS} of event time after the watermark instead.
     */
    static Timers forLate(TimerService timers) {
        return forLate(timers.currentWatermark(), timers::registerEventTimeTimer);
    }

    /** {@link #forLate(TimerService)} for an operator's own timer service, at watermark {@code watermark}. */
    static Timers forLate(long watermark, Timers timers) {
        return t -> timers.at(Math.max(t, watermark + LATE_GRACE_MILLIS));
    }

    static final long LATE_GRACE_MILLIS = 60_000;

    /** The inputs held for {@code timestamp}, in order; they are no longer held. */
    List<T> due(long timestamp) {
        return StateAccess.unchecked(() -> {
            List<T> at = held.get(timestamp);
            if (at == null) return List.of();
            held.remove(timestamp);
            List<T> ordered = new ArrayList<>(at);
            ordered.sort(tieBreak);
            return ordered;
        });
    }
}
