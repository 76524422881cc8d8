package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes events within the allowed lateness; later ones go to the dead letters with how late they were. */
public class LateEventFilter extends ProcessFunction<Event, Event> {
    private final long allowedLatenessMillis;
    private transient Counters late;
    /** The same series as the parser's dead letters by reason, under {@code reason="late"}. */
    private transient LabeledCounters byReason;

    public LateEventFilter(Duration allowedLateness) {
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        late = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_LATE);
        byReason = LabeledCounters.register(getRuntimeContext(), MetricLabels.REASON, PipelineMetrics.DEAD_LETTERS,
                List.of(MetricLabels.LATE));
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MIN_VALUE || event.timestamp >= watermark - allowedLatenessMillis) {
            out.collect(event);
            return;
        }
        late.inc();
        byReason.inc(MetricLabels.LATE);
        String reason = "late: event time " + Instant.ofEpochMilli(event.timestamp) + " is "
                + Duration.ofMillis(watermark - event.timestamp).toString().substring(2).toLowerCase()
                + " behind the watermark " + Instant.ofEpochMilli(watermark) + " (allowed lateness "
                + Duration.ofMillis(allowedLatenessMillis).toString().substring(2).toLowerCase() + ")";
        ctx.output(ParseFunction.DEAD_LETTERS, DeadLetter.ofEvent(event, reason).toJson());
    }
}
