package dev.tokenwatch.job;

import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates all rule conditions with Esper and emits the event's hits, one {@link HitGroup} per
 * distinct group key they have. Rule updates arrive on the broadcast input; the Esper statements are
 * rebuilt then.
 */
public class MatchFunction extends BroadcastProcessFunction<Event, String, HitGroup> {
    private final ArrayList<Rule> initialRules;
    private transient BroadcastRules rules;
    private transient ConditionMatcher matcher;
    private transient Counters hits, withoutKey;
    private transient long reportedWithoutKey;

    public MatchFunction(List<Rule> rules) {
        this.initialRules = new ArrayList<>(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new BroadcastRules(initialRules);
        matcher = new ConditionMatcher(initialRules);
        hits = Counters.register(getRuntimeContext(), PipelineMetrics.RULE_HITS);
        withoutKey = Counters.register(getRuntimeContext(), PipelineMetrics.HITS_WITHOUT_KEY);
    }

    @Override
    public void processElement(Event event, ReadOnlyContext ctx, Collector<HitGroup> out) throws Exception {
        if (rules.changed(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR))) {
            List<Rule> current = rules.current(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR));
            matcher.close();
            matcher = new ConditionMatcher(current);
            reportedWithoutKey = 0;
        }
        List<RuleHit> matched = matcher.match(event);
        hits.add(matched.size());
        if (!matched.isEmpty()) HitGroup.of(event, matched).forEach(out::collect);
        long missing = matcher.eventsWithoutKey();
        if (missing > reportedWithoutKey) {
            withoutKey.add(missing - reportedWithoutKey);
            reportedWithoutKey = missing;
        }
    }

    @Override
    public void processBroadcastElement(String snapshot, Context ctx, Collector<HitGroup> out) throws Exception {
        BroadcastRules.store(ctx.getBroadcastState(BroadcastRules.DESCRIPTOR), snapshot);
    }

    @Override
    public void close() {
        if (matcher != null) matcher.close();
    }
}
