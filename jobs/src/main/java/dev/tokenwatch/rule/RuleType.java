package dev.tokenwatch.rule;

import dev.tokenwatch.detect.Detector;
import dev.tokenwatch.detect.DormantDetector;
import dev.tokenwatch.detect.DormantSection;
import dev.tokenwatch.detect.EplSection;
import dev.tokenwatch.detect.GeoVelocityDetector;
import dev.tokenwatch.detect.GeoVelocitySection;
import dev.tokenwatch.detect.IndicatorDetector;
import dev.tokenwatch.detect.IndicatorSection;
import dev.tokenwatch.detect.MatchDetector;
import dev.tokenwatch.detect.NewValueDetector;
import dev.tokenwatch.detect.NewValueSection;
import dev.tokenwatch.detect.SequenceDetector;
import dev.tokenwatch.detect.SequenceSection;
import dev.tokenwatch.detect.ThresholdDetector;
import dev.tokenwatch.detect.ThresholdSection;

/**
 * The rule types this build evaluates, each with the parser of its own section of a rule file (named
 * by {@link #label()}) and the detector that runs it. Both live side by side in {@code detect}; a new
 * option of a type touches its section, its record in {@link Rule} and its detector, nothing else.
 * This enum is the one class of {@code rule} that names {@code detect}: it wires the two together.
 */
public enum RuleType {
    /** Every event that meets the condition is a detection. No section of its own: the condition is the rule. */
    MATCH(null, new MatchDetector()),
    /** The first time a group key sees a value of a field, after a learning period. */
    NEW_VALUE(new NewValueSection(), new NewValueDetector()),
    /** A field's value is on a list: a list file, or a list learned from events in the stream. */
    INDICATOR(new IndicatorSection(), new IndicatorDetector()),
    /** A count, or a distinct count of a field, per group key within a sliding or tumbling window. */
    THRESHOLD(new ThresholdSection(), new ThresholdDetector()),
    /** Ordered steps per group key within a window, the last one optionally the absence of an event. */
    SEQUENCE(new SequenceSection(), new SequenceDetector()),
    /** Impossible travel between consecutive geolocated uses of one key. */
    GEO_VELOCITY(new GeoVelocitySection(), new GeoVelocityDetector()),
    /** A key used again after a long silence (a dormant token woken up). */
    DORMANT(new DormantSection(), new DormantDetector()),
    /**
     * A raw Esper EPL statement per group key, for what the other types cannot say. No shared detector:
     * each rule runs in an Esper runtime of its own ({@code detect.EplProgram}, made by {@code RuleEvaluator}).
     */
    EPL(new EplSection(), null);

    private final RuleSection<?> section;
    private final Detector detector;

    RuleType(RuleSection<?> section, Detector detector) {
        this.section = section;
        this.detector = detector;
    }

    public String label() {
        return name().toLowerCase();
    }

    /** The parser of the type's section ({@code threshold:} ...), or null for a type without one. */
    public RuleSection<?> section() {
        return section;
    }

    /** The type's detector, or null for a type whose rules each need their own ({@link #EPL}). */
    public Detector detector() {
        return detector;
    }
}
