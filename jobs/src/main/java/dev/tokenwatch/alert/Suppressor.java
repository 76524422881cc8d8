package dev.tokenwatch.alert;

import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.Timers;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-rule suppression: the first detection for a rule and suppression key is alerted at once;
 * repeats within the rule's period only raise the alert's count. When the period ends the alert is
 * emitted once more, with its final count, if anything was folded into it.
 */
public final class Suppressor {
    private Suppressor() {}

    public static List<Alert> onDetection(Rule rule, Detection detection, SuppressionState state, Timers timers) {
        List<Alert> out = new ArrayList<>(2);
        Alert open = state.current();
        long period = rule.suppression().periodMillis();
        if (open != null && detection.event.timestamp < open.firstSeen + period && detection.event.timestamp >= open.firstSeen) {
            AlertFactory.addRepeat(open, detection);
            state.current(open);
            return out;
        }
        if (open != null && open.count > 1) out.add(open.copy());
        Alert alert = AlertFactory.create(rule, detection);
        state.current(alert);
        timers.at(alert.firstSeen + period);
        out.add(alert.copy());
        return out;
    }

    /** Closes the period if it is over: returns the final version of a grown alert, or nothing. */
    public static List<Alert> onTimer(Rule rule, long time, SuppressionState state) {
        Alert open = state.current();
        if (open == null || (rule != null && time < open.firstSeen + rule.suppression().periodMillis())) return List.of();
        state.clear();
        return open.count > 1 ? List.of(open.copy()) : List.of();
    }
}
