package dev.tokenwatch.backtest;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a rule pack did on a labelled stream. An alert is true when one of its event ids belongs to
 * a planted attack, false otherwise; an attack is found when an alert of its own rule names one of
 * its events. Counted on final alert versions: one alert id is one alert.
 *
 * @param benignEvents events of the input that belong to no planted attack
 * @param expected     attacks the input can show; without token ids, those that need them are left out
 * @param notExpected  attacks that need token ids on an input without them
 */
public record Scorecard(long events, long benignEvents, boolean tokenIds, List<Row> rows, Row overall,
                        List<PlantedAttack> missed, List<PlantedAttack> notExpected, Set<String> foundIds) {

    /** One rule's figures. */
    public record Row(String rule, int planted, int found, int notExpected, long alerts, long falseAlerts, double falsePer100k) {}

    /**
     * @param tokenIds whether the input carries token ids on registry operations (false for the Distribution encoding)
     */
    public static Scorecard of(List<String> ruleIds, List<Event> events, List<Alert> alerts, List<PlantedAttack> attacks, boolean tokenIds) {
        Set<String> attackEvents = new HashSet<>();
        Map<String, List<PlantedAttack>> byEvent = new HashMap<>();
        for (PlantedAttack a : attacks) {
            attackEvents.addAll(a.eventIds());
            for (String id : a.eventIds()) byEvent.computeIfAbsent(id, k -> new ArrayList<>()).add(a);
        }
        long benign = events.stream().filter(e -> !attackEvents.contains(e.id)).count();

        Set<String> found = new HashSet<>();
        Map<String, Long> alertCount = new TreeMap<>();
        Map<String, Long> falseCount = new TreeMap<>();
        for (Alert alert : alerts) {
            alertCount.merge(alert.ruleId, 1L, Long::sum);
            boolean isTrue = false;
            for (String id : alert.eventIds == null ? new String[0] : alert.eventIds) {
                List<PlantedAttack> hit = byEvent.get(id);
                if (hit == null) continue;
                isTrue = true;
                for (PlantedAttack a : hit) if (a.rule().equals(alert.ruleId)) found.add(a.id());
            }
            if (!isTrue) falseCount.merge(alert.ruleId, 1L, Long::sum);
        }

        Set<String> rules = new java.util.TreeSet<>(ruleIds);
        attacks.forEach(a -> rules.add(a.rule()));
        List<Row> rows = new ArrayList<>();
        List<PlantedAttack> missed = new ArrayList<>();
        List<PlantedAttack> notExpected = new ArrayList<>();
        for (PlantedAttack a : attacks) {
            if (!tokenIds && a.needsTokenId()) notExpected.add(a);
            else if (!found.contains(a.id())) missed.add(a);
        }
        int allPlanted = 0;
        int allFound = 0;
        long allAlerts = 0;
        long allFalse = 0;
        for (String rule : rules) {
            int planted = 0;
            int hits = 0;
            int apart = 0;
            for (PlantedAttack a : attacks) {
                if (!a.rule().equals(rule)) continue;
                if (!tokenIds && a.needsTokenId()) {
                    apart++;
                    continue;
                }
                planted++;
                if (found.contains(a.id())) hits++;
            }
            long ruleAlerts = alertCount.getOrDefault(rule, 0L);
            long ruleFalse = falseCount.getOrDefault(rule, 0L);
            rows.add(new Row(rule, planted, hits, apart, ruleAlerts, ruleFalse, per100k(ruleFalse, benign)));
            allPlanted += planted;
            allFound += hits;
            allAlerts += ruleAlerts;
            allFalse += ruleFalse;
        }
        Row overall = new Row("all rules", allPlanted, allFound, notExpected.size(), allAlerts, allFalse, per100k(allFalse, benign));
        return new Scorecard(events.size(), benign, tokenIds, List.copyOf(rows), overall, List.copyOf(missed), List.copyOf(notExpected),
                Set.copyOf(found));
    }

    private static double per100k(long count, long benign) {
        return benign == 0 ? 0 : count * 100_000.0 / benign;
    }
}
