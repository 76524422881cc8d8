package dev.tokenwatch.rule;

import dev.tokenwatch.detect.DormantSection;
import dev.tokenwatch.detect.EplSection;
import dev.tokenwatch.detect.GeoVelocitySection;
import dev.tokenwatch.detect.IndicatorSection;
import dev.tokenwatch.detect.NewValueSection;
import dev.tokenwatch.detect.SequenceSection;
import dev.tokenwatch.detect.ThresholdSection;

/**
 * The rule types this build evaluates, each with the parser of its own section of a rule file (named
 * by {@link #label()}), which lives in {@code detect} beside the type's detector.
 */
public enum RuleType {
    /** Every event that meets the condition is a detection. No section: the condition is the rule. */
    MATCH(null),
    /** The first time a group key sees a value of a field, after a learning period. */
    NEW_VALUE(new NewValueSection()),
    /** A field's value is on a list: a list file, or a list learned from events in the stream. */
    INDICATOR(new IndicatorSection()),
    /** A count, or a distinct count of a field, per group key within a sliding or tumbling window. */
    THRESHOLD(new ThresholdSection()),
    /** Ordered steps per group key within a window, the last one optionally the absence of an event. */
    SEQUENCE(new SequenceSection()),
    /** Impossible travel between consecutive geolocated uses of one key. */
    GEO_VELOCITY(new GeoVelocitySection()),
    /** A key used again after a long silence (a dormant token woken up). */
    DORMANT(new DormantSection()),
    /** A raw Esper EPL statement per group key, for what the other types cannot say. */
    EPL(new EplSection());

    private final RuleSection<?> section;

    RuleType(RuleSection<?> section) {
        this.section = section;
    }

    public String label() {
        return name().toLowerCase();
    }

    /** The parser of the type's section ({@code threshold:} ...), or null for a type without one. */
    public RuleSection<?> section() {
        return section;
    }
}
