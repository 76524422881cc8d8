package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;

/** The {@code threshold:} section, for {@link ThresholdDetector}. */
public final class ThresholdSection implements RuleSection<Rule.Threshold> {
    @Override
    public Rule.Threshold read(RuleReader in) {
        long window = in.duration("threshold.window", -1);
        if (window <= 0) in.problem("threshold.window", "required: the window length, e.g. 10m");
        String kind = in.text("threshold.window_type", false);
        if (kind != null && !kind.equals("sliding") && !kind.equals("tumbling")) {
            in.problem("threshold.window_type", "expected sliding or tumbling, got '" + kind + "'");
        }
        Integer count = in.integer("threshold.count");
        if (count != null && count < 1) in.problem("threshold.count", "must be at least 1");
        String distinct = in.field("threshold.distinct", false);
        return new Rule.Threshold(window, "tumbling".equals(kind), count == null ? 1 : count, distinct, baseline(in, window));
    }

    private static Rule.Baseline baseline(RuleReader in, long window) {
        if (in.at("threshold.baseline") == null) return null;
        long learning = in.duration("threshold.baseline.learning_period", 0);
        long history = in.duration("threshold.baseline.history", -1);
        if (history <= window) in.problem("threshold.baseline.history", "required: how long a key's peak is remembered, longer than the window (e.g. 30d)");
        double factor = in.at("threshold.baseline.factor") == null ? 2.0 : orOne(in.number("threshold.baseline.factor"));
        if (factor < 1) in.problem("threshold.baseline.factor", "must be at least 1 (1: anything above the key's peak)");
        return new Rule.Baseline(learning, history, factor);
    }

    private static double orOne(Double value) {
        return value == null ? 1 : value;
    }
}
