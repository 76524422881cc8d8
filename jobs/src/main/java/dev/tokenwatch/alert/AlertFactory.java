package dev.tokenwatch.alert;

import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.event.Secrets;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.Severity;
import java.util.Arrays;
import java.util.Locale;

/** Builds alerts from detections: deterministic id, reason sentence, rule metadata. */
public final class AlertFactory {
    public static final int MAX_EVENT_IDS = 50;

    private AlertFactory() {}

    /**
     * The same detection always gets the same id: rule, suppression key and the first triggering
     * event. Re-processing the same input therefore updates alerts instead of duplicating them.
     */
    public static String alertId(String ruleId, String suppressionKey, String eventId) {
        return Secrets.sha256Hex(ruleId + "\u0000" + suppressionKey + "\u0000" + eventId).substring(0, 32);
    }

    public static Alert create(Rule rule, Detection detection) {
        Alert a = new Alert();
        a.id = alertId(rule.id(), detection.suppressionKey, detection.event.id);
        a.timestamp = detection.event.timestamp;
        a.ruleId = rule.id();
        a.ruleName = rule.name();
        a.ruleType = rule.type().label();
        a.tags = rule.tags() == null ? null : rule.tags().toArray(String[]::new);
        a.severity = (detection.severity != null ? detection.severity : rule.severity()).label();
        a.riskScore = detection.riskScore != null ? detection.riskScore : rule.riskScore();
        if (rule.threat() != null) {
            a.tacticId = rule.threat().tacticId();
            a.tacticName = rule.threat().tacticName();
            a.techniqueId = rule.threat().techniqueId();
            a.techniqueName = rule.threat().techniqueName();
        }
        a.reason = reason(rule, detection);
        a.status = "open";
        a.count = 1;
        a.firstSeen = detection.event.timestamp;
        a.lastSeen = detection.event.timestamp;
        a.suppressionKey = detection.suppressionKey;
        a.eventIds = new String[] {detection.event.id};
        a.event = detection.event;
        return a;
    }

    /** Folds a suppressed repeat into the alert. */
    public static void addRepeat(Alert alert, Detection repeat) {
        alert.count++;
        alert.lastSeen = Math.max(alert.lastSeen, repeat.event.timestamp);
        // An alert is as grave as the gravest detection folded into it.
        if (repeat.severity != null && repeat.severity.compareTo(Severity.valueOf(alert.severity.toUpperCase(Locale.ROOT))) > 0) {
            alert.severity = repeat.severity.label();
        }
        if (repeat.riskScore != null && repeat.riskScore > alert.riskScore) alert.riskScore = repeat.riskScore;
        if (alert.eventIds.length < MAX_EVENT_IDS) {
            String[] ids = Arrays.copyOf(alert.eventIds, alert.eventIds.length + 1);
            ids[ids.length - 1] = repeat.event.id;
            alert.eventIds = ids;
        }
    }

    /** The rule's reason template with placeholders filled, or "name: detail" when it has none. */
    static String reason(Rule rule, Detection detection) {
        String template = rule.reason() == null ? "{rule.name}: {detail}" : rule.reason();
        return Secrets.scrub(ReasonTemplate.fill(template, p -> switch (p) {
            case "detail" -> detection.detail;
            case "rule.name" -> rule.name();
            default -> EventField.byPath(p).map(f -> f.text(detection.event)).orElse(null);
        }));
    }
}
