package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id: an event whose id was seen within {@link #REMEMBER} is a repeat and is dropped (counted in
 * {@code events_duplicate}). A registry retries a notification it got no answer for with the same id, and a poller
 * restarted mid-page reads records again; neither may make a second event, nor move an alert's count.
 * The ids are forgotten after {@link #REMEMBER} of processing time, so the state stays bounded: retries come within
 * minutes.
 */
public final class DuplicateEventFilter extends KeyedProcessFunction<String, Event, Event> {
    static final Duration REMEMBER = Duration.ofHours(1);

    private transient ValueState<Boolean> seen;
    private transient Counters duplicates;

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>(StateDescriptors.EVENT_SEEN_NAME, Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(REMEMBER).build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_DUPLICATE);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(true);
        out.collect(event);
    }
}
