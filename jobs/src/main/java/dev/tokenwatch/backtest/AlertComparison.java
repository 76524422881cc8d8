package dev.tokenwatch.backtest;

import dev.tokenwatch.alert.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which alerts a rule change adds and removes. Alerts are matched by {@code alert.id}, which hashes
 * the rule, the suppression key and the first triggering event: the same detection has the same id
 * in both runs, so an id in one run only is an alert that appears or disappears with the change.
 * An alert in both runs whose count or reason differs is reported as changed (e.g. a new_value rule
 * that now names fewer new fields in its reason).
 *
 * <p>Give it final alert versions (one per id); every list is ordered by event time, rule and id.
 */
public record AlertComparison(List<Alert> added, List<Alert> removed, List<Alert> unchanged, List<Changed> changed) {
    /** The same alert in both runs with a different count or reason. */
    public record Changed(Alert baseline, Alert candidate) {}

    static final Comparator<Alert> ORDER = Comparator.comparingLong((Alert a) -> a.timestamp)
            .thenComparing(a -> a.ruleId).thenComparing(a -> a.id);

    public static AlertComparison of(List<Alert> baseline, List<Alert> candidate) {
        Map<String, Alert> before = byId(baseline);
        Map<String, Alert> after = byId(candidate);
        List<Alert> added = new ArrayList<>();
        List<Alert> unchanged = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (Alert a : after.values()) {
            Alert b = before.get(a.id);
            if (b == null) {
                added.add(a);
            } else if (b.count != a.count || !Objects.equals(b.reason, a.reason)) {
                changed.add(new Changed(b, a));
            } else {
                unchanged.add(a);
            }
        }
        List<Alert> removed = new ArrayList<>(before.values().stream().filter(b -> !after.containsKey(b.id)).toList());
        added.sort(ORDER);
        removed.sort(ORDER);
        unchanged.sort(ORDER);
        changed.sort(Comparator.comparing(Changed::candidate, ORDER));
        return new AlertComparison(List.copyOf(added), List.copyOf(removed), List.copyOf(unchanged), List.copyOf(changed));
    }

    /** The last version of each id wins, as in a store that upserts by id. */
    private static Map<String, Alert> byId(List<Alert> alerts) {
        Map<String, Alert> out = new LinkedHashMap<>();
        for (Alert a : alerts) out.put(a.id, a);
        return out;
    }
}
