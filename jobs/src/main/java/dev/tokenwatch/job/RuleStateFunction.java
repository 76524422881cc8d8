package dev.tokenwatch.job;

import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.RuleEvaluator;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.detect.RuleState;
import dev.tokenwatch.detect.Timers;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per rule and group key (key = {@link RuleHit#stateKey()}): the rule's memory in Flink keyed state,
 * checkpointed and restored with the job. Hits are evaluated in event-time order once the watermark
 * passes them ({@link EventTimeOrder}); a hit already behind the watermark is evaluated on arrival
 * and counted in {@code rule_hits_late}. Evaluation itself is {@link RuleEvaluator}'s; rule updates
 * arrive on the broadcast input and leave every other rule's state untouched.
 */
public class RuleStateFunction extends KeyedBroadcastProcessFunction<String, RuleHit, String, Detection> {
    private static final Comparator<RuleHit> BY_EVENT_ID = Comparator.comparing(h -> h.event, Event.BY_ID);
    private final ArrayList<Rule> initialRules;
    private transient BroadcastRules rules;
    private transient RuleEvaluator evaluator;
    private transient FlinkRuleState state;
    private transient EventTimeOrder<RuleHit> order;
    private transient Counters detections, lateHits;
    /** The watermark as this subtask last saw it (on an element or a timer), for the lag gauge; read by the reporter's thread. */
    private transient volatile long watermark;

    public RuleStateFunction(List<Rule> rules) {
        this.initialRules = new ArrayList<>(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new BroadcastRules(initialRules);
        evaluator = new RuleEvaluator(initialRules);
        state = new FlinkRuleState(getRuntimeContext().getState(StateDescriptors.RULE_SINCE),
                getRuntimeContext().getMapState(StateDescriptors.RULE_VALUES),
                getRuntimeContext().getState(StateDescriptors.RULE_LAST_EVENT),
                getRuntimeContext().getListState(StateDescriptors.RULE_BUFFER));
        order = new EventTimeOrder<>(getRuntimeContext().getMapState(StateDescriptors.RULE_HELD), BY_EVENT_ID);
        detections = Counters.register(getRuntimeContext(), PipelineMetrics.DETECTIONS);
        lateHits = Counters.register(getRuntimeContext(), PipelineMetrics.HITS_LATE);
        watermark = Long.MIN_VALUE;
        getRuntimeContext().getMetricGroup().addGroup(PipelineMetrics.GROUP)
                .gauge(PipelineMetrics.WATERMARK_LAG_SECONDS, (Gauge<Double>) () -> watermarkLagSeconds(System.currentTimeMillis(), watermark));
    }

    /** Wall clock minus the watermark in seconds; NaN before the first watermark (none is not zero lag). */
    static double watermarkLagSeconds(long now, long watermark) {
        return watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? Double.NaN : (now - watermark) / 1000.0;
    }

    @Override
    public void processElement(RuleHit hit, ReadOnlyContext ctx, Collector<Detection> out) throws Exception {
        watermark = ctx.timerService().currentWatermark();
        if (order.hold(hit, hit.event.timestamp, ctx.timerService())) return;
        lateHits.inc();
        refresh(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR));
        evaluate(hit, EventTimeOrder.forLate(ctx.timerService()), out);
    }

    private void evaluate(RuleHit hit, Timers timers, Collector<Detection> out) {
        evaluator.onHit(hit, state, timers).ifPresent(d -> {
            detections.inc();
            out.collect(d);
        });
    }

    @Override
    public void processBroadcastElement(String snapshot, Context ctx, Collector<Detection> out) throws Exception {
        watermark = ctx.currentWatermark();
        BroadcastRules.store(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR), snapshot);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Detection> out) throws Exception {
        watermark = ctx.timerService().currentWatermark();
        refresh(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR));
        for (RuleHit hit : order.due(timestamp)) evaluate(hit, ctx.timerService()::registerEventTimeTimer, out);
        evaluator.onTimer(ctx.getCurrentKey(), timestamp, state).ifPresent(d -> {
            detections.inc();
            out.collect(d);
        });
    }

    private void refresh(ReadOnlyBroadcastState<String, String> broadcast) throws Exception {
        if (rules.changed(broadcast)) {
            evaluator.close();
            evaluator = new RuleEvaluator(rules.current(broadcast));
        }
    }

    /** {@link RuleState} over Flink keyed state; Flink scopes it to the current key. */
    private static final class FlinkRuleState implements RuleState {
        private final ValueState<Long> since;
        private final MapState<String, Long> values;
        private final ValueState<Event> lastEvent;
        private final ListState<Event> buffer;

        FlinkRuleState(ValueState<Long> since, MapState<String, Long> values, ValueState<Event> lastEvent, ListState<Event> buffer) {
            this.since = since;
            this.values = values;
            this.lastEvent = lastEvent;
            this.buffer = buffer;
        }

        @Override
        public List<Event> buffer() {
            return unchecked(() -> {
                List<Event> events = new ArrayList<>();
                Iterable<Event> stored = buffer.get();
                if (stored != null) stored.forEach(events::add);
                return events;
            });
        }

        @Override
        public void buffer(List<Event> events) {
            unchecked(() -> {
                buffer.update(events);
                return null;
            });
        }

        @Override
        public Event lastEvent() {
            return unchecked(lastEvent::value);
        }

        @Override
        public void lastEvent(Event event) {
            unchecked(() -> {
                lastEvent.update(event);
                return null;
            });
        }

        @Override
        public Long since() {
            return unchecked(since::value);
        }

        @Override
        public void since(long time) {
            unchecked(() -> {
                since.update(time);
                return null;
            });
        }

        @Override
        public Long lastSeen(String value) {
            return unchecked(() -> values.get(value));
        }

        @Override
        public void seen(String value, long time) {
            unchecked(() -> {
                values.put(value, time);
                return null;
            });
        }

        @Override
        public Map<String, Long> values() {
            return unchecked(() -> {
                Map<String, Long> copy = new HashMap<>();
                for (Map.Entry<String, Long> e : values.entries()) copy.put(e.getKey(), e.getValue());
                return copy;
            });
        }

        @Override
        public void forget(String value) {
            unchecked(() -> {
                values.remove(value);
                return null;
            });
        }

        @Override
        public void clear() {
            since.clear();
            values.clear();
            lastEvent.clear();
            buffer.clear();
        }
    }

    @Override
    public void close() {
        if (evaluator != null) evaluator.close();
    }

    interface StateCall<T> {
        T call() throws Exception;
    }

    /** Flink's state API declares Exception; a state backend failure must fail the task so Flink restarts it. */
    static <T> T unchecked(StateCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("state access failed", e);
        }
    }
}
