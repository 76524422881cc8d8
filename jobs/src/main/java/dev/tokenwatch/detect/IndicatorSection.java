package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleFiles;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code indicator:} section, for {@link IndicatorDetector}. List files are read from the rules
 * snapshot here, so the rule carries its values. State is keyed by the looked-up field, not group_by.
 */
public final class IndicatorSection implements RuleSection<Rule.Indicator> {
    @Override
    public Rule.Indicator read(RuleReader in) {
        String field = in.field("indicator.field", true);
        List<String> listFiles = in.strings("indicator.lists", false);
        RuleFiles snapshot = in.snapshot();
        Set<String> listed = new LinkedHashSet<>();
        for (int i = 0; i < listFiles.size(); i++) {
            Optional<String> list = snapshot.text(listFiles.get(i));
            if (list.isEmpty()) {
                in.problem("indicator.lists[" + i + "]", "list file not found: " + snapshot.display(listFiles.get(i))
                        + " (list files live under " + RuleFiles.LISTS + ")");
                continue;
            }
            list.get().lines().map(String::strip).filter(v -> !v.isEmpty() && !v.startsWith("#")).forEach(listed::add);
        }
        String learn = in.text("indicator.learn.condition", false);
        if (learn != null) in.condition("indicator.learn.condition", learn);
        if (listFiles.isEmpty() && learn == null) in.problem("indicator", "give lists, learn.condition, or both");
        String learnField = in.field("indicator.learn.field", false);
        long ttl = in.duration("indicator.ttl", Duration.ofDays(365).toMillis());
        return new Rule.Indicator(field, Set.copyOf(listed), listFiles, learn, learnField, ttl);
    }

    @Override
    public boolean requiresGroupBy() {
        return false;
    }

    @Override
    public List<String> groupBy(Rule.Indicator section, List<String> declared) {
        return List.of(section.field());
    }
}
