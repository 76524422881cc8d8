package dev.tokenwatch.job;

import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.detect.RuleEvaluator;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.detect.Timers;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Rule state per group key ({@link HitGroup#key}): every rule's memory for that key in Flink keyed
 * state, each rule in its own namespace ({@link RuleHit#stateScope()}), checkpointed and restored with
 * the job. An event reaches a key once however many of its rules it concerns, and its hits wait for
 * the watermark together ({@link EventTimeOrder}): one held entry and one timer per key and time,
 * instead of one per rule. They are then evaluated in event-time order, ties by event id; a group
 * already behind the watermark is evaluated on arrival, its hits counted in {@code rule_hits_late}.
 * A rule's own timers (window ends, expiry) are timers in its namespace, and before one fires the
 * key's hits of that time are evaluated, as a replay evaluates them. Evaluation is
 * {@link RuleEvaluator}'s; rule updates arrive on the broadcast input and leave every other rule's
 * state untouched.
 *
 * <p>An operator, not a KeyedBroadcastProcessFunction: functions get neither namespaced state nor
 * namespaced timers.
 */
final class RuleStateOperator extends AbstractStreamOperator<Detection>
        implements TwoInputStreamOperator<HitGroup, String, Detection>, Triggerable<String, String> {
    /** The timers that release held hits; no rule's scope is empty. */
    private static final String HELD = "";
    private static final Comparator<HitGroup> BY_EVENT_ID = Comparator.comparing(g -> g.event, Event.BY_ID);

    private final ArrayList<Rule> initialRules;
    private transient BroadcastRules rules;
    private transient RuleEvaluator evaluator;
    private transient ScopedRuleState state;
    private transient EventTimeOrder<HitGroup> order;
    private transient InternalTimerService<String> timers;
    private transient TimestampedCollector<Detection> out;
    private transient Counters detections, lateHits;
    /** The operator's watermark, for the lag gauge; read by the metric reporter's thread. */
    private transient volatile long watermark;

    RuleStateOperator(List<Rule> rules) {
        this.initialRules = new ArrayList<>(rules);
    }

    @Override
    public void open() throws Exception {
        super.open();
        rules = new BroadcastRules(initialRules);
        evaluator = new RuleEvaluator(initialRules);
        state = new ScopedRuleState(scoped(StateDescriptors.RULE_SINCE), scoped(StateDescriptors.RULE_VALUES),
                scoped(StateDescriptors.RULE_LAST_EVENT), scoped(StateDescriptors.RULE_BUFFER));
        order = new EventTimeOrder<>(getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                StateDescriptors.HITS_HELD), BY_EVENT_ID);
        timers = getInternalTimerService("rule-timers", StringSerializer.INSTANCE, this);
        out = new TimestampedCollector<>(output);
        detections = Counters.register(getRuntimeContext(), PipelineMetrics.DETECTIONS);
        lateHits = Counters.register(getRuntimeContext(), PipelineMetrics.HITS_LATE);
        watermark = Long.MIN_VALUE;
        getRuntimeContext().getMetricGroup().addGroup(PipelineMetrics.GROUP)
                .gauge(PipelineMetrics.WATERMARK_LAG_SECONDS, (Gauge<Double>) () -> watermarkLagSeconds(System.currentTimeMillis(), watermark));
    }

    /** Wall clock minus the watermark in seconds; NaN before the first watermark (none is not zero lag) and after the last. */
    static double watermarkLagSeconds(long now, long watermark) {
        return watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? Double.NaN : (now - watermark) / 1000.0;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        super.processWatermark(mark);
        watermark = mark.getTimestamp();
    }

    /** Keyed state whose namespace is a rule scope: the backend's state objects, which take a namespace. */
    @SuppressWarnings("unchecked")
    private <I extends InternalKvState<String, String, ?>> I scoped(StateDescriptor<?, ?> descriptor) throws Exception {
        State created = getOrCreateKeyedState(StringSerializer.INSTANCE, (StateDescriptor<State, ?>) descriptor);
        return (I) created;
    }

    @Override
    public void processElement1(StreamRecord<HitGroup> record) throws Exception {
        HitGroup group = record.getValue();
        long watermark = timers.currentWatermark();
        if (order.hold(group, group.event.timestamp, watermark, t -> timers.registerEventTimeTimer(HELD, t))) return;
        lateHits.add(group.hits.length);
        refresh();
        out.setTimestamp(record);
        for (RuleHit hit : group.hits()) evaluate(hit, EventTimeOrder.forLate(watermark, ruleTimers(hit.stateScope())));
    }

    @Override
    public void processElement2(StreamRecord<String> snapshot) throws Exception {
        BroadcastRules.store(getOperatorStateBackend().getBroadcastState(BroadcastRules.DESCRIPTOR), snapshot.getValue());
    }

    @Override
    public void onEventTime(InternalTimer<String, String> timer) throws Exception {
        refresh();
        out.setAbsoluteTimestamp(timer.getTimestamp());
        for (HitGroup group : order.due(timer.getTimestamp())) {
            for (RuleHit hit : group.hits()) evaluate(hit, ruleTimers(hit.stateScope()));
        }
        if (timer.getNamespace().equals(HELD)) return;
        evaluator.onTimer(RuleHit.stateKey(timer.getNamespace(), timer.getKey()), timer.getTimestamp(),
                state.scope(timer.getNamespace())).ifPresent(this::emit);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, String> timer) {
        // Rules live in event time only.
    }

    private Timers ruleTimers(String scope) {
        return t -> timers.registerEventTimeTimer(scope, t);
    }

    private void evaluate(RuleHit hit, Timers ruleTimers) {
        evaluator.onHit(hit, state.scope(hit.stateScope()), ruleTimers).ifPresent(this::emit);
    }

    private void emit(Detection detection) {
        detections.inc();
        out.collect(detection);
    }

    private void refresh() throws Exception {
        var broadcast = getOperatorStateBackend().getBroadcastState(BroadcastRules.DESCRIPTOR);
        if (rules.changed(broadcast)) {
            evaluator.close();
            evaluator = new RuleEvaluator(rules.current(broadcast));
        }
    }

    @Override
    public void close() throws Exception {
        if (evaluator != null) evaluator.close();
        super.close();
    }
}
