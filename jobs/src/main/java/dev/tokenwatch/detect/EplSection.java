package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;
import java.util.List;

/** The {@code epl:} section, for {@link EplProgram}. */
public final class EplSection implements RuleSection<Rule.Epl> {
    private static final List<String> KEYS = List.of("statement", "window", "initiated_by");

    @Override
    public Rule.Epl read(RuleReader in) {
        String statement = in.text("epl.statement", true);
        long window = in.duration("epl.window", -1);
        if (window <= 0) in.problem("epl.window", "required: how far back the statement looks (its longest window or pattern), e.g. 1h");
        if (statement != null) in.statement("epl.statement", statement);
        String initiatedBy = in.text("epl.initiated_by", false);
        if (initiatedBy != null) in.condition("epl.initiated_by", initiatedBy);
        in.knownKeys("epl", KEYS);
        return new Rule.Epl(statement, window, initiatedBy);
    }
}
