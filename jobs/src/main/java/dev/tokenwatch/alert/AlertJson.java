package dev.tokenwatch.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.event.Json;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** Alerts as ECS-aligned JSON documents. */
public final class AlertJson {
    /** The triggering event's fields copied into the alert: who, with what, from where, on what. */
    private static final Set<EventField> ENTITY_FIELDS = EnumSet.complementOf(EnumSet.of(
            EventField.TIMESTAMP, EventField.EVENT_ID, EventField.EVENT_ORIGINAL_ACTION, EventField.EVENT_OUTCOME));

    private AlertJson() {}

    public static ObjectNode toNode(Alert a) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("@timestamp", Instant.ofEpochMilli(a.timestamp).toString());
        ObjectNode alert = root.putObject("alert");
        alert.put("id", a.id);
        alert.put("severity", a.severity);
        alert.put("risk_score", a.riskScore);
        alert.put("reason", a.reason);
        alert.put("status", a.status);
        alert.put("count", a.count);
        alert.put("first_seen", Instant.ofEpochMilli(a.firstSeen).toString());
        alert.put("last_seen", Instant.ofEpochMilli(a.lastSeen).toString());
        alert.put("suppression_key", a.suppressionKey);
        ObjectNode rule = root.putObject("rule");
        rule.put("id", a.ruleId);
        rule.put("name", a.ruleName);
        rule.put("type", a.ruleType);
        if (a.tags != null) EventJson.put(root, "tags", a.tags);
        if (a.event != null) {
            for (EventField f : ENTITY_FIELDS) {
                Object v = f.get(a.event);
                if (v != null) EventJson.put(root, f.path, v);
            }
        }
        if (a.eventIds != null) EventJson.put(root, "event.ids", a.eventIds);
        EventJson.put(root, "event.kind", "alert");
        if (a.techniqueId != null) {
            EventJson.put(root, "threat.framework", "MITRE ATT&CK");
            EventJson.put(root, "threat.tactic.id", a.tacticId);
            EventJson.put(root, "threat.tactic.name", a.tacticName);
            EventJson.put(root, "threat.technique.id", a.techniqueId);
            EventJson.put(root, "threat.technique.name", a.techniqueName);
        }
        return root;
    }

    public static String toJson(Alert a) {
        return toNode(a).toString();
    }

    /**
     * One console line: event time, severity, rule, the alert's short id and the reason. A later
     * version of an alert (its suppression period closed with more detections) says it is an update.
     */
    public static String summary(Alert a) {
        String head = Instant.ofEpochMilli(a.timestamp) + " [" + a.severity.toUpperCase() + "] " + a.ruleId + " #" + shortId(a.id);
        if (a.count > 1) {
            return head + " updated: " + a.count + " detections, last at " + Instant.ofEpochMilli(a.lastSeen) + ": " + a.reason;
        }
        return head + " " + a.reason;
    }

    /** Enough of the id to find the alert in the alerts file or Kibana. */
    public static String shortId(String id) {
        return id == null || id.length() <= 10 ? id : id.substring(0, 10);
    }
}
