package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.SuppressionState;
import dev.tokenwatch.alert.Suppressor;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.Timers;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by rule and suppression key: turns detections into alerts, folding repeats into one. Detections
 * of one key can come from several rule-state subtasks, so they too wait for the watermark and are
 * taken in event-time order ({@link EventTimeOrder}): the first detection, and so the alert id, is
 * the same in every run.
 */
public class SuppressFunction extends KeyedBroadcastProcessFunction<String, Detection, String, Alert> {
    private static final Comparator<Detection> BY_EVENT = Comparator.comparing((Detection d) -> d.event, Event.BY_ID)
            .thenComparing(d -> d.detail, Comparator.nullsFirst(Comparator.naturalOrder()));
    private final ArrayList<Rule> initialRules;
    private transient BroadcastRules rules;
    private transient Map<String, Rule> byId;
    private transient ValueState<Alert> open;
    private transient SuppressionState state;
    private transient EventTimeOrder<Detection> order;
    private transient Counters alerts, suppressed;
    /** New alerts by rule id (the rules loaded at start up front, rules added later on their first alert). */
    private transient LabeledCounters alertsByRule;

    public SuppressFunction(List<Rule> rules) {
        this.initialRules = new ArrayList<>(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new BroadcastRules(initialRules);
        byId = byId(initialRules);
        open = getRuntimeContext().getState(StateDescriptors.OPEN_ALERT);
        state = new SuppressionState() {
            @Override
            public Alert current() {
                return StateAccess.unchecked(open::value);
            }

            @Override
            public void current(Alert alert) {
                StateAccess.unchecked(() -> {
                    open.update(alert);
                    return null;
                });
            }

            @Override
            public void clear() {
                open.clear();
            }
        };
        order = new EventTimeOrder<>(getRuntimeContext().getMapState(StateDescriptors.DETECTIONS_HELD), BY_EVENT);
        alerts = Counters.register(getRuntimeContext(), PipelineMetrics.ALERTS);
        suppressed = Counters.register(getRuntimeContext(), PipelineMetrics.ALERTS_SUPPRESSED);
        alertsByRule = LabeledCounters.register(getRuntimeContext(), MetricLabels.RULE, PipelineMetrics.ALERTS,
                initialRules.stream().map(Rule::id).toList());
    }

    private static Map<String, Rule> byId(List<Rule> rules) {
        return rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
    }

    private void refresh(ReadOnlyBroadcastState<String, String> broadcast) throws Exception {
        if (rules.changed(broadcast)) byId = byId(rules.current(broadcast));
    }

    @Override
    public void processBroadcastElement(String snapshot, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastRules.store(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR), snapshot);
    }

    @Override
    public void processElement(Detection d, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        long detectedAt = ctx.timestamp() != null ? ctx.timestamp() : d.event.timestamp;
        if (order.hold(d, detectedAt, ctx.timerService())) return;
        refresh(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR));
        alert(d, EventTimeOrder.forLate(ctx.timerService()), out);
    }

    private void alert(Detection d, Timers timers, Collector<Alert> out) {
        Rule rule = byId.get(d.ruleId);
        if (rule == null) return; // removed between detection and here: nothing left to alert for
        List<Alert> emitted = Suppressor.onDetection(rule, d, state, timers);
        if (emitted.stream().noneMatch(a -> a.count == 1)) suppressed.inc();
        emitted.forEach(a -> {
            if (a.count == 1) {
                alerts.inc();
                alertsByRule.inc(a.ruleId);
            }
            out.collect(a);
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        refresh(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR));
        for (Detection d : order.due(timestamp)) alert(d, ctx.timerService()::registerEventTimeTimer, out);
        String key = ctx.getCurrentKey();
        Suppressor.onTimer(byId.get(key.substring(0, key.indexOf('|'))), timestamp, state).forEach(out::collect);
    }
}
