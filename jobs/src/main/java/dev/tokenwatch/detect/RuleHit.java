package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;

/**
 * An event that met one rule's condition, tagged with that rule's group key. The pipeline keys by
 * {@link #stateKey()}, so each rule keeps its own state per key (the dynamic-keying pattern).
 */
public class RuleHit {
    /**
     * Whether the event is checked against the rule, teaches an indicator rule a new listed value,
     * meets one step of a sequence rule ({@link #step}), or is checked against an epl rule and also
     * meets its {@code initiated_by} (the statement's first step). New roles go at the end: the role
     * travels and is checkpointed as its ordinal.
     */
    public enum Role { CHECK, LEARN, STEP, START }

    public String ruleId;
    /** The rule's type when it matched: part of the state key, so a rule whose type is edited starts from fresh state. */
    public String ruleType;
    public String key;
    public Role role;
    /** The sequence step the event meets, for {@link Role#STEP}; -1 otherwise. */
    public int step = -1;
    public Event event;
    /** new_value: bit i set when field i's {@code unless} condition holds for the event. */
    public int quietFields;

    public RuleHit() {}

    public RuleHit(String ruleId, String ruleType, String key, Role role, int step, Event event) {
        this.ruleId = ruleId;
        this.ruleType = ruleType;
        this.key = key;
        this.role = role;
        this.step = step;
        this.event = event;
    }

    /** This hit for {@code event} (null: the rule's part alone, as a {@link HitGroup} carries it). */
    public RuleHit withEvent(Event event) {
        RuleHit hit = new RuleHit(ruleId, ruleType, key, role, step, event);
        hit.quietFields = quietFields;
        return hit;
    }

    /** Whether new_value field {@code index}'s {@code unless} condition held for this event. */
    public boolean quiet(int index) {
        return (quietFields & (1 << index)) != 0;
    }

    /** {@code ruleId|type|groupKey}: one rule's state for one key. */
    public String stateKey() {
        return stateScope() + "|" + key;
    }

    /** {@code ruleId|type}: which rule's state, within a group key's ({@link HitGroup}). */
    public String stateScope() {
        return ruleId + "|" + ruleType;
    }

    /** The state key of the rule state {@code scope} ({@link #stateScope()}) of group key {@code key}. */
    public static String stateKey(String scope, String key) {
        return scope + "|" + key;
    }

    static String ruleIdOf(String stateKey) {
        return stateKey.substring(0, stateKey.indexOf('|'));
    }

    static String groupKeyOf(String stateKey) {
        int first = stateKey.indexOf('|');
        return stateKey.substring(stateKey.indexOf('|', first + 1) + 1);
    }

    static String ruleTypeOf(String stateKey) {
        int first = stateKey.indexOf('|');
        return stateKey.substring(first + 1, stateKey.indexOf('|', first + 1));
    }
}
