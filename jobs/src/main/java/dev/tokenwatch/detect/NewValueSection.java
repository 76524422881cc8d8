package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;
import java.util.List;

/** The {@code new_value:} section, for {@link NewValueDetector}. */
public final class NewValueSection implements RuleSection<Rule.NewValue> {
    @Override
    public Rule.NewValue read(RuleReader in) {
        List<String> fields = in.fields("new_value.fields", true);
        long learning = in.duration("new_value.learning_period", 0);
        long history = in.duration("new_value.history_window", -1);
        if (history <= 0) in.problem("new_value.history_window", "required: how long a seen value is remembered (e.g. 30d); state is dropped after it");
        else if (history <= learning) in.problem("new_value.history_window", "must be longer than learning_period");
        return new Rule.NewValue(fields, learning, history);
    }
}
