package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;

/** The {@code dormant:} section, for {@link DormantDetector}. */
public final class DormantSection implements RuleSection<Rule.Dormant> {
    @Override
    public Rule.Dormant read(RuleReader in) {
        long gap = in.duration("dormant.gap", -1);
        if (gap <= 0) in.problem("dormant.gap", "required: how long a key must have been silent, e.g. 90d");
        long ttl = in.duration("dormant.ttl", gap * 2);
        if (gap > 0 && ttl <= gap) in.problem("dormant.ttl", "must be longer than gap, or a dormant key is forgotten before it can wake");
        boolean samePrefix = in.bool("dormant.ignore_same_prefix", false);
        return new Rule.Dormant(gap, ttl, samePrefix);
    }
}
