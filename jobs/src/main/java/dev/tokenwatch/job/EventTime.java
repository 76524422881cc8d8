package dev.tokenwatch.job;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the job treats time. Watermarks trail the newest event by {@code outOfOrderness}; an event
 * further behind the watermark than {@code allowedLateness} is not evaluated but dead-lettered as
 * late (counted in {@code events_late}), since timers for its period may already have fired.
 */
public record EventTime(Duration outOfOrderness, Duration allowedLateness) implements Serializable {
    /** Generous lateness: a replay of several files, each in time order, read one after another, stays correct. */
    public static final EventTime DEFAULT = new EventTime(Duration.ofSeconds(5), Duration.ofDays(30));
}
