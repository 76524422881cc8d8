package dev.tokenwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;
import dev.tokenwatch.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code new_value:} section, for {@link NewValueDetector}. Each entry of {@code fields} is a field
 * path, or {@code {field, otherwise, severity, risk_score, shared_by, unless_familiar, learning_period, unless}} when what is new sets the alert's
 * severity or a field has a fallback.
 */
public final class NewValueSection implements RuleSection<Rule.NewValue> {
    private static final Set<String> FIELD_KEYS = Set.of("field", "otherwise", "severity", "risk_score", "shared_by", "unless_familiar",
            "learning_period", "unless");

    @Override
    public Rule.NewValue read(RuleReader in) {
        List<Rule.NewValueField> fields = fields(in);
        long learning = in.duration("new_value.learning_period", 0);
        long history = in.duration("new_value.history_window", -1);
        if (history <= 0) in.problem("new_value.history_window", "required: how long a seen value is remembered (e.g. 30d); state is dropped after it");
        else if (history <= learning) in.problem("new_value.history_window", "must be longer than learning_period");
        boolean knownClients = in.bool("new_value.ignore_known_clients", false);
        return new Rule.NewValue(fields, learning, history, knownClients);
    }

    private static List<Rule.NewValueField> fields(RuleReader in) {
        JsonNode list = in.at("new_value.fields");
        if (list == null || !list.isArray() || list.isEmpty()) {
            in.problem("new_value.fields", list == null ? "required: a list" : list.isArray() ? "must not be empty" : "expected a list");
            return List.of();
        }
        List<Rule.NewValueField> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "new_value.fields[" + i + "]";
            if (list.get(i).isTextual()) {
                String path = in.field(at, true);
                if (path != null) out.add(Rule.NewValueField.of(path));
            } else if (list.get(i).isObject()) {
                in.knownKeys(at, FIELD_KEYS);
                out.add(field(in, at));
            } else {
                in.problem(at, "expected a field path or {field: ..., severity: ...}");
            }
        }
        return List.copyOf(out);
    }

    private static Rule.NewValueField field(RuleReader in, String at) {
        String path = in.field(at + ".field", true);
        JsonNode fallback = in.at(at + ".otherwise");
        List<String> otherwise = fallback == null ? List.of()
                : fallback.isArray() ? in.fields(at + ".otherwise", true) : Stream.ofNullable(in.field(at + ".otherwise", true)).toList();
        Severity severity = in.enumValue(at + ".severity", Severity.class, false);
        Integer risk = in.at(at + ".risk_score") == null ? null : in.integer(at + ".risk_score");
        if (risk != null && severity == null) in.problem(at + ".risk_score", "needs a severity beside it");
        in.riskBand(at + ".risk_score", severity, risk);
        Long sharedBy = in.atLeastOne(at + ".shared_by", "other accounts using the network");
        boolean unlessFamiliar = in.bool(at + ".unless_familiar", false);
        Long learning = in.at(at + ".learning_period") == null ? null : in.duration(at + ".learning_period", 0);
        String unless = in.text(at + ".unless", false);
        if (unless != null) in.condition(at + ".unless", unless);
        return new Rule.NewValueField(path, otherwise, severity, risk, sharedBy, unlessFamiliar, learning, unless);
    }
}
