package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;

/**
 * An event that met one rule's condition, tagged with that rule's group key. The pipeline keys by
 * {@link #stateKey()}, so each rule keeps its own state per key (the dynamic-keying pattern).
 */
public class RuleHit {
    /**
     * Whether the event is checked against the rule, teaches an indicator rule a new listed value,
     * or meets one step of a sequence rule ({@link #step}).
     */
    public enum Role { CHECK, LEARN, STEP }

    public String ruleId;
    public String key;
    public Role role;
    /** The sequence step the event meets, for {@link Role#STEP}; -1 otherwise. */
    public int step = -1;
    public Event event;

    public RuleHit() {}

    public RuleHit(String ruleId, String key, Role role, int step, Event event) {
        this.ruleId = ruleId;
        this.key = key;
        this.role = role;
        this.step = step;
        this.event = event;
    }

    public String stateKey() {
        return ruleId + "|" + key;
    }
}
