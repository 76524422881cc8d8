package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * How the job treats time. Each key's rule state advances in event-time order, as the watermark
 * passes its events ({@link EventTimeOrder}), so the watermark decides both what is complete and how
 * long an alert waits.
 *
 * @param outOfOrderness live: how far the watermark trails the newest event, the disorder tolerated
 *                       between files, partitions and subtasks, and the wait before an event is evaluated
 * @param allowedLateness an event further behind the watermark is not evaluated but dead-lettered as
 *                        late (counted in {@code events_late}), since timers for its period may have fired
 * @param settle live: how long without events before the input counts as read to its end; from then
 *               on event time follows the wall clock ({@link LiveWatermarks})
 * @param wholeInput bounded runs: no watermark until the input ends, so every key sees all of its
 *                   events in order whatever order the files are read in
 * @param maxAhead live: an event dated further ahead of the wall clock is dead-lettered before it reaches event
 *                 time (counted in {@code events_ahead}). Taken as the newest event, one dated 2099 by a wrong clock
 *                 would carry the watermark there, and every event after it would be late.
 */
public record EventTime(Duration outOfOrderness, Duration allowedLateness, Duration settle, boolean wholeInput, Duration maxAhead)
        implements Serializable {
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);
    /** The long-running job's defaults. */
    public static final EventTime LIVE = live(Duration.ofSeconds(5), Duration.ofDays(30), Duration.ofSeconds(5));
    /** Replays, backtests and benchmarks over files: results independent of file order and parallelism. */
    public static final EventTime WHOLE_INPUT = new EventTime(Duration.ZERO, Duration.ofDays(30), Duration.ZERO, true, DEFAULT_MAX_AHEAD);

    public static EventTime live(Duration outOfOrderness, Duration allowedLateness, Duration settle) {
        return new EventTime(outOfOrderness, allowedLateness, settle, false, DEFAULT_MAX_AHEAD);
    }

    public EventTime withMaxAhead(Duration maxAhead) {
        return new EventTime(outOfOrderness, allowedLateness, settle, wholeInput, maxAhead);
    }

    /** Events stamped with their time, and the watermarks this event time calls for. */
    SingleOutputStreamOperator<Event> assign(DataStream<Event> events) {
        if (wholeInput) {
            return events.assignTimestampsAndWatermarks(WatermarkStrategy.<Event>noWatermarks()
                    .withTimestampAssigner((event, previous) -> event.timestamp));
        }
        return events.transform("event-time", events.getType(), new LiveEventTimeOperator(this));
    }
}
