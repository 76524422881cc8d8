package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;

/**
 * An event that met one rule's condition, tagged with that rule's group key. The pipeline keys by
 * {@link #stateKey()}, so each rule keeps its own state per key (the dynamic-keying pattern).
 */
public class RuleHit {
    /** Whether the event is checked against the rule, or teaches an indicator rule a new listed value. */
    public enum Role { CHECK, LEARN }

    public String ruleId;
    public String key;
    public Role role;
    public Event event;

    public RuleHit() {}

    public RuleHit(String ruleId, String key, Role role, Event event) {
        this.ruleId = ruleId;
        this.key = key;
        this.role = role;
        this.event = event;
    }

    public String stateKey() {
        return ruleId + "|" + key;
    }
}
