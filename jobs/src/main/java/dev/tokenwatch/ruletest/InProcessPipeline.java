package dev.tokenwatch.ruletest;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.SuppressionState;
import dev.tokenwatch.alert.Suppressor;
import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.InMemoryRuleState;
import dev.tokenwatch.detect.RuleEvaluator;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.detect.Timers;
import dev.tokenwatch.enrich.NetworkSharing;
import dev.tokenwatch.enrich.TokenAttribution;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The detection stages of the job (network sharing, match, per-key rule state, suppression) run in one thread over
 * a list of events, with the same domain classes the Flink operators wrap. Used by {@code rules test}
 * so a rule's tests exercise the real evaluation, in milliseconds instead of a cluster start.
 * Events are taken in the job's order (event time, ties by event id); a timer fires once an event past it
 * arrives, the rest at the end.
 */
public final class InProcessPipeline {
    private final List<Rule> rules;
    private final Consumer<Event> enrich;

    public InProcessPipeline(List<Rule> rules, Consumer<Event> enrich) {
        this.rules = rules;
        this.enrich = enrich;
    }

    /** Every alert version emitted, in order: a suppressed alert that grew appears again with its count. */
    public List<Alert> run(List<Event> input) {
        // As the job's order stage: a repeated event id is the same event (a retried notification), not a second one.
        Set<String> ids = new HashSet<>();
        List<Event> events = new ArrayList<>(input.stream().filter(e -> e.id == null || ids.add(e.id)).toList());
        events.sort(Event.IN_TIME_ORDER);

        Map<String, NetworkSharing.Uses> networks = new HashMap<>();
        Map<String, List<TokenAttribution.Grant>> grants = new HashMap<>();
        Map<String, InMemoryRuleState> ruleStates = new HashMap<>();
        Map<String, Alert[]> openAlerts = new HashMap<>();
        TreeMap<Long, TreeSet<String>> ruleTimers = new TreeMap<>();
        TreeMap<Long, TreeSet<String>> suppressionTimers = new TreeMap<>();
        List<Alert> out = new ArrayList<>();
        try (ConditionMatcher matcher = new ConditionMatcher(rules); RuleEvaluator evaluator = new RuleEvaluator(rules)) {
            for (Event event : events) {
                fireTimers(event.timestamp - 1, evaluator, ruleStates, openAlerts, ruleTimers, suppressionTimers, out);
                enrich.accept(event);
                NetworkSharing.observe(event, networks.computeIfAbsent(String.valueOf(NetworkSharing.networkOf(event)),
                        k -> NetworkSharing.inMemory()));
                attribute(event, grants);
                for (RuleHit hit : matcher.match(event)) {
                    String stateKey = hit.stateKey();
                    InMemoryRuleState state = ruleStates.computeIfAbsent(stateKey, k -> new InMemoryRuleState());
                    evaluator.onHit(hit, state, timersOf(ruleTimers, stateKey))
                            .ifPresent(d -> suppress(evaluator.rule(d.ruleId), d, openAlerts, suppressionTimers, out));
                }
            }
            fireTimers(Long.MAX_VALUE, evaluator, ruleStates, openAlerts, ruleTimers, suppressionTimers, out);
        }
        return out;
    }

    private static void suppress(Rule rule, Detection detection, Map<String, Alert[]> openAlerts,
                                 TreeMap<Long, TreeSet<String>> timers, List<Alert> out) {
        String key = detection.suppressionKey;
        Alert[] slot = openAlerts.computeIfAbsent(key, k -> new Alert[1]);
        out.addAll(Suppressor.onDetection(rule, detection, state(slot),
                timersOf(timers, key)));
    }

    /** {@code key}'s timers in a queue of keys by due time. */
    private static Timers timersOf(TreeMap<Long, TreeSet<String>> timers, String key) {
        return t -> timers.computeIfAbsent(t, k -> new TreeSet<>()).add(key);
    }

    private void fireTimers(long upTo, RuleEvaluator evaluator, Map<String, InMemoryRuleState> ruleStates,
                            Map<String, Alert[]> openAlerts, TreeMap<Long, TreeSet<String>> ruleTimers,
                            TreeMap<Long, TreeSet<String>> suppressionTimers, List<Alert> out) {
        while (!ruleTimers.isEmpty() && ruleTimers.firstKey() <= upTo) {
            Map.Entry<Long, TreeSet<String>> due = ruleTimers.pollFirstEntry();
            for (String stateKey : due.getValue()) {
                InMemoryRuleState state = ruleStates.get(stateKey);
                if (state == null) continue;
                evaluator.onTimer(stateKey, due.getKey(), state, timersOf(ruleTimers, stateKey))
                        .ifPresent(d -> suppress(evaluator.rule(d.ruleId), d, openAlerts, suppressionTimers, out));
                if (state.isEmpty()) ruleStates.remove(stateKey);
            }
        }
        while (!suppressionTimers.isEmpty() && suppressionTimers.firstKey() <= upTo) {
            Map.Entry<Long, TreeSet<String>> due = suppressionTimers.pollFirstEntry();
            for (String key : due.getValue()) {
                Alert[] slot = openAlerts.get(key);
                if (slot == null) continue;
                out.addAll(Suppressor.onTimer(evaluator.rule(key.substring(0, key.indexOf('|'))), due.getKey(), state(slot)));
                if (slot[0] == null) openAlerts.remove(key);
            }
        }
    }

    private static SuppressionState state(Alert[] slot) {
        return new SuppressionState() {
            @Override
            public Alert current() {
                return slot[0];
            }

            @Override
            public void current(Alert alert) {
                slot[0] = alert;
            }

            @Override
            public void clear() {
                slot[0] = null;
            }
        };
    }

    /** The last version of each alert, in first-emission order: what a store that upserts by id ends up holding. */
    public static List<Alert> latestVersions(List<Alert> versions) {
        Map<String, Alert> latest = new java.util.LinkedHashMap<>();
        for (Alert a : versions) latest.put(a.id, a);
        return new ArrayList<>(latest.values());
    }

    /** The job's token-attribution stage, with each key's grants in a map. */
    private static void attribute(Event event, Map<String, List<TokenAttribution.Grant>> grants) {
        String key = TokenAttribution.keyOf(event);
        if (key == null) {
            TokenAttribution.unattributable(event);
            return;
        }
        TokenAttribution.apply(event, new TokenAttribution.Grants() {
            @Override
            public List<TokenAttribution.Grant> get() {
                return grants.getOrDefault(key, List.of());
            }

            @Override
            public void set(List<TokenAttribution.Grant> kept) {
                grants.put(key, kept);
            }
        });
    }
}
