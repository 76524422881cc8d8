package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.rule.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stateful half of rule evaluation: given a hit for one rule and key, and that key's state,
 * decide whether it is a detection. Timers expire state so it cannot grow without bound.
 */
public final class RuleEvaluator {
    private final Map<String, Rule> rules;

    public RuleEvaluator(List<Rule> rules) {
        this.rules = rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
    }

    public Rule rule(String id) {
        return rules.get(id);
    }

    public Optional<Detection> onHit(RuleHit hit, RuleState state, Timers timers) {
        Rule rule = rules.get(hit.ruleId);
        if (rule == null) return Optional.empty();
        return switch (rule.type()) {
            case MATCH -> Optional.of(new Detection(rule, hit.event, "matched the rule's condition"));
            case NEW_VALUE -> newValue(rule, hit.event, state, timers);
            case INDICATOR -> hit.role == RuleHit.Role.LEARN ? learn(rule, hit.event, state, timers) : indicator(rule, hit.event, state);
        };
    }

    /** Drops what has expired by {@code time}: values outside the history window, learned values past their TTL. */
    public void onTimer(String ruleId, long time, RuleState state) {
        Rule rule = rules.get(ruleId);
        if (rule == null) {
            state.clear();
            return;
        }
        switch (rule.type()) {
            case NEW_VALUE -> {
                long window = rule.newValue().historyWindowMillis();
                Map<String, Long> values = state.values();
                values.forEach((value, lastSeen) -> {
                    if (lastSeen + window <= time) state.forget(value);
                });
                if (values.values().stream().allMatch(lastSeen -> lastSeen + window <= time)) state.clear();
            }
            case INDICATOR -> {
                Long since = state.since();
                if (since == null || since + rule.indicator().ttlMillis() <= time) state.clear();
            }
            case MATCH -> state.clear();
        }
    }

    /** Cleanup rounded up to the hour: Flink keeps one timer per key and time, so a busy key holds a few, not thousands. */
    static long cleanupTime(long due) {
        long hour = 3_600_000L;
        return Math.floorDiv(due + hour - 1, hour) * hour;
    }

    private Optional<Detection> newValue(Rule rule, Event event, RuleState state, Timers timers) {
        Rule.NewValue params = rule.newValue();
        Long first = state.since();
        if (first == null || event.timestamp < first) {
            first = event.timestamp;
            state.since(first);
        }
        boolean learning = event.timestamp < first + params.learningPeriodMillis();
        List<String> fresh = new ArrayList<>();
        for (String path : params.fields()) {
            String value = EventField.byPath(path).orElseThrow().text(event);
            if (value == null) continue;
            String slot = path + "=" + value;
            Long lastSeen = state.lastSeen(slot);
            if (lastSeen == null && !learning) fresh.add(path + " '" + value + "'");
            if (lastSeen == null || lastSeen < event.timestamp) state.seen(slot, event.timestamp);
        }
        timers.at(cleanupTime(event.timestamp + params.historyWindowMillis()));
        if (fresh.isEmpty()) return Optional.empty();
        String key = String.join(", ", rule.groupBy());
        return Optional.of(new Detection(rule, event, "first " + String.join(" and ", fresh) + " for "
                + key + " '" + ConditionMatcher.groupKey(rule, event) + "' (history since " + Instant.ofEpochMilli(first) + ")"));
    }

    private Optional<Detection> learn(Rule rule, Event event, RuleState state, Timers timers) {
        Long since = state.since();
        if (since == null || event.timestamp < since) state.since(event.timestamp);
        timers.at(cleanupTime(event.timestamp + rule.indicator().ttlMillis()));
        return Optional.empty();
    }

    private Optional<Detection> indicator(Rule rule, Event event, RuleState state) {
        Rule.Indicator params = rule.indicator();
        String value = EventField.byPath(params.field()).orElseThrow().text(event);
        if (params.listed().contains(value)) {
            return Optional.of(new Detection(rule, event, params.field() + " '" + value + "' is listed in "
                    + String.join(", ", params.listFiles())));
        }
        Long since = state.since();
        if (since != null && event.timestamp >= since) {
            return Optional.of(new Detection(rule, event, params.field() + " '" + value + "' was listed at "
                    + Instant.ofEpochMilli(since) + " by an earlier event"));
        }
        return Optional.empty();
    }
}
