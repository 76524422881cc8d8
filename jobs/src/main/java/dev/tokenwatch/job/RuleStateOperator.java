package dev.tokenwatch.job;

import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.detect.RuleEvaluator;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.detect.Timers;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimeServiceManager;
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
 * the watermark together ({@link HeldHitGroups}), once per key, not once per rule. When the watermark
 * passes them they are evaluated in event-time order, ties by event id; a group already behind the
 * watermark is evaluated on arrival, its hits counted in {@code rule_hits_late}. A rule's own timers
 * (window ends, expiry) are timers in its namespace; the hits of a time are evaluated after the timers
 * before it and before those at it, as a replay evaluates them. The held groups are checkpointed as
 * union list state: after a rescale each subtask keeps those of its own keys. Evaluation is
 * {@link RuleEvaluator}'s; rule updates arrive on the broadcast input and leave every other rule's
 * state untouched.
 *
 * <p>An operator, not a KeyedBroadcastProcessFunction: functions get neither namespaced state nor
 * namespaced timers.
 */
final class RuleStateOperator extends AbstractStreamOperator<Detection>
        implements TwoInputStreamOperator<HitGroup, String, Detection>, Triggerable<String, String> {
    private final ArrayList<Rule> initialRules;
    private transient BroadcastRules rules;
    private transient RuleEvaluator evaluator;
    private transient ScopedRuleState state;
    private transient HeldHitGroups held;
    private transient ListState<HitGroup> checkpointedHeld;
    /** Set when the broadcast input stored a snapshot (and at start, for a restored one): checking costs a state lookup per timer. */
    private transient boolean rulesMayHaveChanged;
    private transient InternalTimerService<String> timers;
    private transient TimestampedCollector<Detection> out;
    private transient Counters detections, lateHits;
    /** The operator's watermark, for the lag gauge; read by the metric reporter's thread. */
    private transient volatile long watermark;

    RuleStateOperator(List<Rule> rules) {
        this.initialRules = new ArrayList<>(rules);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        held = new HeldHitGroups();
        checkpointedHeld = context.getOperatorStateStore().getUnionListState(StateDescriptors.HITS_HELD);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        for (HitGroup group : checkpointedHeld.get()) {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(group.key, task.getMaxNumberOfParallelSubtasks(),
                    task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask()) held.hold(group);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedHeld.update(held.all());
    }

    @Override
    public void open() throws Exception {
        super.open();
        rules = new BroadcastRules(initialRules);
        evaluator = new RuleEvaluator(initialRules);
        rulesMayHaveChanged = true;
        state = new ScopedRuleState(scoped(StateDescriptors.RULE_SINCE), scoped(StateDescriptors.RULE_VALUES),
                scoped(StateDescriptors.RULE_LAST_EVENT), scoped(StateDescriptors.RULE_BUFFER));
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
        InternalTimeServiceManager<?> timeService = getTimeServiceManager().orElseThrow();
        refresh(); // rules change on the broadcast input only, never while this runs
        Map.Entry<Long, List<HitGroup>> due;
        while ((due = held.pollDue(mark.getTimestamp())) != null) {
            long time = due.getKey();
            timeService.advanceWatermark(new Watermark(time - 1)); // rule timers before this time first
            out.setAbsoluteTimestamp(time);
            for (HitGroup group : due.getValue()) {
                setCurrentKey(group.key);
                for (RuleHit hit : group.hits()) evaluate(hit, ruleTimers(hit.stateScope()));
            }
        }
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
        if (group.event.timestamp > watermark) {
            held.hold(group);
            return;
        }
        lateHits.add(group.hits.length);
        refresh();
        out.setTimestamp(record);
        for (RuleHit hit : group.hits()) evaluate(hit, EventTimeOrder.forLate(watermark, ruleTimers(hit.stateScope())));
    }

    @Override
    public void processElement2(StreamRecord<String> snapshot) throws Exception {
        rulesMayHaveChanged |= BroadcastRules.store(getOperatorStateBackend().getBroadcastState(BroadcastRules.DESCRIPTOR), snapshot.getValue());
    }

    @Override
    public void onEventTime(InternalTimer<String, String> timer) throws Exception {
        refresh();
        out.setAbsoluteTimestamp(timer.getTimestamp());
        evaluator.onTimer(RuleHit.stateKey(timer.getNamespace(), timer.getKey()), timer.getTimestamp(),
                state.scope(timer.getNamespace()), ruleTimers(timer.getNamespace())).ifPresent(this::emit);
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
        if (!rulesMayHaveChanged) return;
        rulesMayHaveChanged = false;
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
