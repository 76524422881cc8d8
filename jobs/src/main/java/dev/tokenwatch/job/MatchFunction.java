package dev.tokenwatch.job;

import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Evaluates all rule conditions with Esper and emits one hit per rule the event concerns, keyed for that rule. */
public class MatchFunction extends ProcessFunction<Event, RuleHit> {
    private final ArrayList<Rule> rules;
    private transient ConditionMatcher matcher;
    private transient Counters hits, withoutKey;
    private transient long reportedWithoutKey;

    public MatchFunction(List<Rule> rules) {
        this.rules = new ArrayList<>(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        matcher = new ConditionMatcher(rules);
        hits = Counters.register(getRuntimeContext(), PipelineMetrics.RULE_HITS);
        withoutKey = Counters.register(getRuntimeContext(), PipelineMetrics.HITS_WITHOUT_KEY);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<RuleHit> out) {
        List<RuleHit> matched = matcher.match(event);
        hits.add(matched.size());
        matched.forEach(out::collect);
        long missing = matcher.eventsWithoutKey();
        if (missing > reportedWithoutKey) {
            withoutKey.add(missing - reportedWithoutKey);
            reportedWithoutKey = missing;
        }
    }

    @Override
    public void close() {
        if (matcher != null) matcher.close();
    }
}
