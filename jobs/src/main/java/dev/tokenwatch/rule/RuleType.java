package dev.tokenwatch.rule;

/** The rule types this build evaluates. The design's threshold, sequence, geo_velocity and epl come later. */
public enum RuleType {
    /** Every event that meets the condition is a detection. */
    MATCH,
    /** The first time a group key sees a value of a field, after a learning period. */
    NEW_VALUE,
    /** A field's value is on a list: a list file, or a list learned from events in the stream. */
    INDICATOR;

    public String label() {
        return name().toLowerCase();
    }
}
