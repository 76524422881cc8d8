package dev.tokenwatch.alert;

import dev.tokenwatch.event.Event;

/**
 * One alert (the contract in DESIGN.md). A suppressed repeat does not make a new alert: it raises
 * {@link #count} and {@link #lastSeen} of this one, and the updated version is emitted with the same
 * {@link #id}, so sinks upsert instead of duplicating.
 */
public class Alert {
    public String id;
    /** Event time of the triggering event. */
    public long timestamp;
    public String ruleId;
    public String ruleName;
    public String ruleType;
    /** The rule's tags, for routing alerts to chat by tag. */
    public String[] tags;
    public String severity;
    public int riskScore;
    public String tacticId;
    public String tacticName;
    public String techniqueId;
    public String techniqueName;
    public String reason;
    public String status;
    public long count;
    public long firstSeen;
    public long lastSeen;
    public String suppressionKey;
    /** Source events behind the alert, the first {@link AlertFactory#MAX_EVENT_IDS} of them. */
    public String[] eventIds;
    /** The triggering event: its entity fields (user, token, source, repository) go into the alert. */
    public Event event;

    public Alert() {}

    /** A snapshot to emit, so later folding into the open alert does not change what was emitted. */
    public Alert copy() {
        Alert c = new Alert();
        c.id = id;
        c.timestamp = timestamp;
        c.ruleId = ruleId;
        c.ruleName = ruleName;
        c.ruleType = ruleType;
        c.tags = tags == null ? null : tags.clone();
        c.severity = severity;
        c.riskScore = riskScore;
        c.tacticId = tacticId;
        c.tacticName = tacticName;
        c.techniqueId = techniqueId;
        c.techniqueName = techniqueName;
        c.reason = reason;
        c.status = status;
        c.count = count;
        c.firstSeen = firstSeen;
        c.lastSeen = lastSeen;
        c.suppressionKey = suppressionKey;
        c.eventIds = eventIds == null ? null : eventIds.clone();
        c.event = event;
        return c;
    }
}
