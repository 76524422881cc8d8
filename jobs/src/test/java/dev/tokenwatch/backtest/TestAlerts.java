package dev.tokenwatch.backtest;

import dev.tokenwatch.alert.Alert;
import java.time.Instant;

/** Final alert versions for backtest tests, with only the fields a backtest reads. */
final class TestAlerts {
    private TestAlerts() {}

    static Alert alert(String id, String ruleId, String time, String key) {
        Alert a = new Alert();
        a.id = id;
        a.ruleId = ruleId;
        a.ruleName = "Rule " + ruleId;
        a.severity = "high";
        a.timestamp = Instant.parse(time).toEpochMilli();
        a.firstSeen = a.timestamp;
        a.lastSeen = a.timestamp;
        a.count = 1;
        a.suppressionKey = ruleId + "|" + key;
        a.reason = ruleId + " fired for " + key;
        return a;
    }

    static Alert withReason(Alert a, String reason) {
        Alert c = a.copy();
        c.reason = reason;
        return c;
    }

    static Alert withCount(Alert a, long count) {
        Alert c = a.copy();
        c.count = count;
        return c;
    }
}
