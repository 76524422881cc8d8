package dev.tokenwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;
import java.util.ArrayList;
import java.util.List;

/** The {@code sequence:} section, for {@link SequenceDetector}. */
public final class SequenceSection implements RuleSection<Rule.Sequence> {
    @Override
    public Rule.Sequence read(RuleReader in) {
        long within = in.duration("sequence.within", -1);
        if (within <= 0) in.problem("sequence.within", "required: how long the whole sequence may take, e.g. 10m");
        JsonNode steps = in.at("sequence.steps");
        List<Rule.Step> out = new ArrayList<>();
        if (steps == null || !steps.isArray() || steps.size() < 2) {
            in.problem("sequence.steps", "required: a list of at least two steps");
            return new Rule.Sequence(within, out);
        }
        for (int i = 0; i < steps.size(); i++) {
            String at = "sequence.steps[" + i + "]";
            String name = in.text(at + ".name", true);
            String condition = in.text(at + ".condition", true);
            if (condition != null) in.condition(at + ".condition", condition);
            Integer count = in.at(at + ".count") == null ? Integer.valueOf(1) : in.integer(at + ".count");
            if (count != null && count < 1) in.problem(at + ".count", "must be at least 1");
            boolean absent = in.bool(at + ".absent", false);
            if (absent && (i == 0 || i != steps.size() - 1)) in.problem(at + ".absent", "only the last step (not the first) can be an absence");
            out.add(new Rule.Step(name, condition, count == null ? 1 : count, absent));
        }
        return new Rule.Sequence(within, List.copyOf(out));
    }
}
