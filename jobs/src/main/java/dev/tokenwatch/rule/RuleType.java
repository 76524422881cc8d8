package dev.tokenwatch.rule;

/** The rule types this build evaluates. */
public enum RuleType {
    /** Every event that meets the condition is a detection. */
    MATCH,
    /** The first time a group key sees a value of a field, after a learning period. */
    NEW_VALUE,
    /** A field's value is on a list: a list file, or a list learned from events in the stream. */
    INDICATOR,
    /** A count, or a distinct count of a field, per group key within a sliding or tumbling window. */
    THRESHOLD,
    /** Ordered steps per group key within a window, the last one optionally the absence of an event. */
    SEQUENCE,
    /** Impossible travel between consecutive geolocated uses of one key. */
    GEO_VELOCITY,
    /** A key used again after a long silence (a dormant token woken up). */
    DORMANT,
    /** A raw Esper EPL statement per group key, for what the other types cannot say. */
    EPL;

    public String label() {
        return name().toLowerCase();
    }
}
