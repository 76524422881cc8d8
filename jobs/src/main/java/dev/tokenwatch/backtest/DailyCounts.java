package dev.tokenwatch.backtest;

import dev.tokenwatch.alert.Alert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alerts per rule per UTC day, by the alert's event time (when the triggering event happened, not when it was processed). */
public final class DailyCounts {
    private DailyCounts() {}

    /** One array per rule id, one slot per day of {@code range}; alerts outside the range are not counted. */
    public static Map<String, long[]> perRule(DayRange range, List<Alert> alerts) {
        Map<String, long[]> out = new HashMap<>();
        for (Alert a : alerts) {
            int day = range.index(a.timestamp);
            if (day >= 0) out.computeIfAbsent(a.ruleId, k -> new long[range.days()])[day]++;
        }
        return out;
    }
}
