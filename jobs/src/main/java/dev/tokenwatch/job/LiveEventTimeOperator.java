package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.operators.TimestampsAndWatermarksOperator.WatermarkEmitter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The live job's event time: stamps each event with its time and emits {@link LiveWatermarks}, like
 * Flink's watermark operator, but checkpoints where event time stood. Rule hits held at a checkpoint
 * wait for the watermark; Flink's own operator starts again from nothing after a restore and would
 * leave them waiting for the next event, however long the input stays quiet. This one resumes from
 * the checkpointed watermark, so they are evaluated once the input has settled.
 */
final class LiveEventTimeOperator extends AbstractStreamOperator<Event>
        implements OneInputStreamOperator<Event, Event>, ProcessingTimeCallback {
    private static final long EMIT_INTERVAL_MILLIS = 200;
    private static final ListStateDescriptor<Long> NEWEST = new ListStateDescriptor<>("event-time-newest", Types.LONG);
    private static final ListStateDescriptor<Long> WATERMARK = new ListStateDescriptor<>("event-time-watermark", Types.LONG);

    private final EventTime eventTime;
    private transient LiveWatermarks watermarks;
    private transient WatermarkEmitter emitter;
    private transient ListState<Long> newestState, watermarkState;
    private transient long restoredNewest, restoredWatermark;
    private transient Counters ahead;
    /** The same series as the parser's dead letters by reason, under {@code reason="ahead"}. */
    private transient LabeledCounters byReason;

    LiveEventTimeOperator(EventTime eventTime) {
        this.eventTime = eventTime;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state: after rescaling every subtask sees every old subtask's position and takes the safe one.
        newestState = context.getOperatorStateStore().getUnionListState(NEWEST);
        watermarkState = context.getOperatorStateStore().getUnionListState(WATERMARK);
        restoredNewest = Long.MIN_VALUE;
        restoredWatermark = Long.MIN_VALUE;
        if (context.isRestored()) {
            restoredNewest = fold(newestState, Long.MIN_VALUE, Math::max);
            restoredWatermark = fold(watermarkState, Long.MAX_VALUE, Math::min);
            if (restoredWatermark == Long.MAX_VALUE) restoredWatermark = Long.MIN_VALUE;
        }
    }

    private static long fold(ListState<Long> state, long identity, LongBinaryOperator op) throws Exception {
        long result = identity;
        for (Long value : state.get()) result = op.applyAsLong(result, value);
        return result;
    }

    @Override
    public void open() throws Exception {
        super.open();
        watermarks = new LiveWatermarks(eventTime.outOfOrderness().toMillis(), eventTime.settle().toMillis(), System::currentTimeMillis);
        emitter = new WatermarkEmitter(output);
        ahead = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_AHEAD);
        byReason = LabeledCounters.register(getRuntimeContext(), MetricLabels.REASON, PipelineMetrics.DEAD_LETTERS,
                List.of(MetricLabels.AHEAD));
        if (restoredNewest != Long.MIN_VALUE) {
            watermarks.resume(restoredNewest, restoredWatermark);
            if (restoredWatermark != Long.MIN_VALUE) emitter.emitWatermark(new Watermark(restoredWatermark));
        }
        schedule();
    }

    private void schedule() {
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + EMIT_INTERVAL_MILLIS, this);
    }

    @Override
    public void processElement(StreamRecord<Event> element) {
        Event event = element.getValue();
        long now = System.currentTimeMillis();
        if (event.timestamp > now + eventTime.maxAhead().toMillis()) {
            deadLetterAhead(event, now);
            return;
        }
        output.collect(element.replace(event, event.timestamp));
        watermarks.onEvent(event, event.timestamp, emitter);
    }

    private void deadLetterAhead(Event event, long now) {
        ahead.inc();
        byReason.inc(MetricLabels.AHEAD);
        String reason = "ahead: event time " + Instant.ofEpochMilli(event.timestamp) + " is "
                + Duration.ofMillis(event.timestamp - now).toString().substring(2).toLowerCase() + " ahead of the wall clock "
                + Instant.ofEpochMilli(now) + " (at most " + eventTime.maxAhead().toString().substring(2).toLowerCase()
                + ", --max-ahead)";
        output.collect(ParseFunction.DEAD_LETTERS, new StreamRecord<>(DeadLetter.ofEvent(event, reason).toJson()));
    }

    @Override
    public void onProcessingTime(long time) {
        watermarks.onPeriodicEmit(emitter);
        schedule();
    }

    /** The files source sends no watermarks of its own but the end of a bounded input, which is passed on. */
    @Override
    public void processWatermark(org.apache.flink.streaming.api.watermark.Watermark mark) {
        if (mark.getTimestamp() == Long.MAX_VALUE) emitter.emitWatermark(Watermark.MAX_WATERMARK);
    }

    /** Idleness is decided here, from the events, not inherited from the source. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        newestState.update(List.of(watermarks.newest()));
        watermarkState.update(List.of(watermarks.emitted()));
    }
}
