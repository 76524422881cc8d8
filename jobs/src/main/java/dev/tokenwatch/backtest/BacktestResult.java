package dev.tokenwatch.backtest;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything a backtest found, ready to render: per-rule rows and, with a baseline, the alerts added,
 * removed and changed. Built from final alert versions (one per {@code alert.id}).
 *
 * @param comparison null without a baseline
 * @param candidateAlerts final versions, ordered by event time, rule and id
 */
public record BacktestResult(DayRange days, boolean hasBaseline, List<RuleSummary> rules, AlertComparison comparison,
                             List<Alert> candidateAlerts, List<Alert> baselineAlerts,
                             int candidateRuleCount, int baselineRuleCount) {

    /** {@code baselineRules} null means no baseline was given (not an empty baseline). */
    public static BacktestResult of(DayRange days, List<Rule> candidateRules, List<Alert> candidateAlerts,
                                    List<Rule> baselineRules, List<Alert> baselineAlerts) {
        boolean hasBaseline = baselineRules != null;
        List<Alert> candidate = sorted(candidateAlerts);
        List<Alert> baseline = hasBaseline ? sorted(baselineAlerts) : List.of();
        AlertComparison comparison = hasBaseline ? AlertComparison.of(baseline, candidate) : null;

        Map<String, String> names = new TreeMap<>();
        if (hasBaseline) baselineRules.forEach(r -> names.put(r.id(), r.name()));
        candidateRules.forEach(r -> names.put(r.id(), r.name())); // the candidate's name wins: it is the one about to ship
        // Alerts of a rule no longer in the set (cannot happen from a pipeline run, but a caller may mix inputs) still get a row.
        candidate.forEach(a -> names.putIfAbsent(a.ruleId, a.ruleName));
        baseline.forEach(a -> names.putIfAbsent(a.ruleId, a.ruleName));
        Set<String> inCandidate = candidateRules.stream().map(Rule::id).collect(Collectors.toSet());
        Set<String> inBaseline = hasBaseline ? baselineRules.stream().map(Rule::id).collect(Collectors.toSet()) : Set.of();

        Map<String, long[]> perDay = DailyCounts.perRule(days, candidate);
        Map<String, long[]> baselinePerDay = DailyCounts.perRule(days, baseline);
        Map<String, Long> alerts = countBy(candidate, a -> a.ruleId);
        Map<String, Long> baselineAlertsPerRule = countBy(baseline, a -> a.ruleId);
        Map<String, Long> keys = candidate.stream().collect(Collectors.groupingBy(a -> a.ruleId,
                Collectors.mapping(a -> a.suppressionKey, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        Map<String, Long> added = hasBaseline ? countBy(comparison.added(), a -> a.ruleId) : Map.of();
        Map<String, Long> removed = hasBaseline ? countBy(comparison.removed(), a -> a.ruleId) : Map.of();
        Map<String, Long> changed = hasBaseline
                ? comparison.changed().stream().collect(Collectors.groupingBy(c -> c.candidate().ruleId, Collectors.counting())) : Map.of();

        List<RuleSummary> rows = new ArrayList<>();
        names.forEach((id, name) -> rows.add(new RuleSummary(id, name, inCandidate.contains(id), inBaseline.contains(id),
                alerts.getOrDefault(id, 0L), keys.getOrDefault(id, 0L), perDay.getOrDefault(id, new long[days.days()]),
                baselineAlertsPerRule.getOrDefault(id, 0L), baselinePerDay.getOrDefault(id, new long[days.days()]),
                added.getOrDefault(id, 0L), removed.getOrDefault(id, 0L), changed.getOrDefault(id, 0L))));
        return new BacktestResult(days, hasBaseline, List.copyOf(rows), comparison, candidate, baseline,
                inCandidate.size(), inBaseline.size());
    }

    /** A short sentence of totals, the last line of the terminal output and the headline of the report. */
    public String totals() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "candidate: %d alerts from %d rules (%.2f/day over %d day%s)",
                candidateAlerts.size(), candidateRuleCount, days.perDay(candidateAlerts.size()), days.days(), days.days() == 1 ? "" : "s"));
        if (hasBaseline) {
            s.append(String.format(Locale.ROOT, "; baseline: %d alerts from %d rules; %d added, %d removed, %d unchanged",
                    baselineAlerts.size(), baselineRuleCount, comparison.added().size(), comparison.removed().size(),
                    comparison.unchanged().size()));
            if (!comparison.changed().isEmpty()) s.append(", ").append(comparison.changed().size()).append(" with a new count or reason");
        }
        return s.toString();
    }

    private static List<Alert> sorted(List<Alert> alerts) {
        List<Alert> out = new ArrayList<>(alerts);
        out.sort(AlertComparison.ORDER);
        return List.copyOf(out);
    }

    private static <T> Map<String, Long> countBy(List<T> items, Function<T, String> key) {
        Map<String, Long> out = new HashMap<>();
        for (T item : items) out.merge(key.apply(item), 1L, Long::sum);
        return out;
    }
}
