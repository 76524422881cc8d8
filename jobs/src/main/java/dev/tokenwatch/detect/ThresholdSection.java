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
        return new Rule.Threshold(window, "tumbling".equals(kind), count == null ? 1 : count, distinct);
    }
}
