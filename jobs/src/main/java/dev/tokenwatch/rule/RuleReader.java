package dev.tokenwatch.rule;

import com.espertech.esper.common.client.configuration.Configuration;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenwatch.event.EventField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the values of one rule document by path ({@code threshold.window}, {@code sequence.steps[1].name}),
 * recording a problem with the file, line and field for each bad one and carrying on, so one load
 * reports everything wrong with a rule. Shared by the loader's common fields and every type's
 * {@link RuleSection}: a value is read, checked and worded the same way wherever it appears.
 */
public final class RuleReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final String file;
    private final YamlLocations where;
    private final JsonNode root;
    private final List<RuleProblem> problems;
    private final RuleFiles snapshot;
    /** Where conditions are compiled to check them; null when they were checked already. */
    private final Configuration esper;
    private String ruleId;

    RuleReader(String file, YamlLocations where, JsonNode root, List<RuleProblem> problems, RuleFiles snapshot, Configuration esper) {
        this.file = file;
        this.where = where;
        this.root = root;
        this.problems = problems;
        this.snapshot = snapshot;
        this.esper = esper;
    }

    /**
     * A reader of a YAML document that is not a rule (a routes file): the same lines, checks and wording, no list files
     * and no conditions. Empty (with the problem added) when the text is not a YAML mapping; {@code expected} says what
     * the mapping holds.
     */
    public static Optional<RuleReader> parse(String file, String text, String expected, List<RuleProblem> problems) {
        return parse(file, text, expected, problems, null, null);
    }

    static Optional<RuleReader> parse(String file, String text, String expected, List<RuleProblem> problems,
                                      RuleFiles snapshot, Configuration esper) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            problems.add(new RuleProblem(file, line, null, null, "not valid YAML: " + e.getOriginalMessage()));
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            problems.add(new RuleProblem(file, 1, null, null, "expected a YAML mapping with " + expected));
            return Optional.empty();
        }
        return Optional.of(new RuleReader(file, new YamlLocations(text), root, problems, snapshot, esper));
    }

    /**
     * A reader of the same document that records its problems in {@code other}, for checks a caller weighs
     * differently (a routes file's environment: an error where the job runs, a warning in CI).
     */
    public RuleReader reportingTo(List<RuleProblem> other) {
        RuleReader reader = new RuleReader(file, where, root, other, snapshot, esper);
        reader.ruleId = ruleId;
        return reader;
    }

    JsonNode root() {
        return root;
    }

    /** Problems from here on name this rule. */
    void ruleId(String id) {
        this.ruleId = id;
    }

    /** The snapshot the rule was loaded from: list files named by the rule come from it. */
    public RuleFiles snapshot() {
        return snapshot;
    }

    /** The line of a path, for what points at a place in the file rather than at a problem. */
    int line(String path) {
        return where.line(path);
    }

    public void problem(String field, String message) {
        problems.add(new RuleProblem(file, where.line(field), ruleId, field, message));
    }

    /** The node at a path like {@code tests[0].name} ("" is the whole document), or null when absent or null. */
    public JsonNode at(String path) {
        if (path.isEmpty()) return root;
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            n = n == null ? null : n.get(name);
            if (bracket >= 0 && n != null) n = n.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
        return n == null || n.isNull() ? null : n;
    }

    public String text(String path, boolean required) {
        JsonNode n = at(path);
        if (n == null) {
            if (required) problem(path, "required");
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            problem(path, "expected text, got " + n.getNodeType().name().toLowerCase());
            return null;
        }
        return n.asText().strip();
    }

    public Integer integer(String path) {
        JsonNode n = at(path);
        if (n == null || !n.isInt()) {
            problem(path, n == null ? "required" : "expected a whole number, got '" + n.asText() + "'");
            return null;
        }
        return n.asInt();
    }

    /** A required positive number. */
    public Double number(String path) {
        JsonNode n = at(path);
        if (n == null || !n.isNumber() || n.asDouble() <= 0) {
            problem(path, n == null ? "required: a positive number" : "expected a positive number, got '" + n.asText() + "'");
            return null;
        }
        return n.asDouble();
    }

    public boolean bool(String path) {
        JsonNode n = at(path);
        if (n == null || !n.isBoolean()) {
            problem(path, "expected true or false");
            return false;
        }
        return n.asBoolean();
    }

    /** An optional true/false: {@code absent} when the path is not there. */
    public boolean bool(String path, boolean absent) {
        return at(path) == null ? absent : bool(path);
    }

    /** An optional whole number of at least 1, or null when absent or bad (a bad one is a problem naming {@code what}). */
    public Long atLeastOne(String path, String what) {
        if (at(path) == null) return null;
        Integer n = integer(path);
        if (n != null && n < 1) problem(path, "expected at least 1 (" + what + "), got " + n);
        return n == null || n < 1 ? null : n.longValue();
    }

    /** A problem at {@code path} when {@code risk} lies outside {@code severity}'s band (nothing to check when either is missing). */
    public void riskBand(String path, Severity severity, Integer risk) {
        if (severity != null && risk != null && (risk < severity.minRisk || risk > severity.maxRisk)) {
            problem(path, risk + " is outside the " + severity.label() + " band " + severity.minRisk + "-" + severity.maxRisk);
        }
    }

    public <E extends Enum<E>> E enumValue(String path, Class<E> type, boolean required) {
        String v = text(path, required);
        if (v == null) return null;
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = Stream.of(type.getEnumConstants()).map(x -> x.name().toLowerCase()).toList();
            problem(path, "'" + v + "' is not one of " + allowed + FieldSuggestion.didYouMean(v, allowed));
            return null;
        }
    }

    public List<String> strings(String path, boolean required) {
        JsonNode n = at(path);
        if (n == null) {
            if (required) problem(path, "required: a list");
            return List.of();
        }
        if (!n.isArray()) {
            problem(path, "expected a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) problem(path + "[" + i + "]", "expected text");
            else out.add(n.get(i).asText());
        }
        if (required && out.isEmpty()) problem(path, "must not be empty");
        return List.copyOf(out);
    }

    /** A problem for each key of the mapping at {@code path} that is not one of {@code known}, with a did-you-mean. */
    public void knownKeys(String path, Collection<String> known) {
        JsonNode n = at(path);
        if (n == null || !n.isObject()) return;
        List<String> sorted = known.stream().sorted().toList();
        n.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problem(path.isEmpty() ? key : path + "." + key,
                        "unknown key" + FieldSuggestion.didYouMean(key, known) + "; expected one of " + sorted);
            }
        });
    }

    /** An event field path, checked against the schema (with a did-you-mean); null when absent. */
    public String field(String path, boolean required) {
        String value = text(path, required);
        if (value != null && EventField.byPath(value).isEmpty()) problem(path, unknownField(value));
        return value;
    }

    /** A list of event field paths, each checked against the schema. */
    public List<String> fields(String path, boolean required) {
        List<String> out = strings(path, required);
        for (int i = 0; i < out.size(); i++) {
            if (EventField.byPath(out.get(i)).isEmpty()) {
                problem(path + "[" + i + "]", unknownField(out.get(i)));
            }
        }
        return out;
    }

    /** A duration like {@code 15m}; {@code defaultMillis} when absent or bad (a bad one is a problem). */
    public long duration(String path, long defaultMillis) {
        JsonNode n = at(path);
        if (n == null) return defaultMillis;
        Optional<Duration> d = n.isTextual() ? Durations.parse(n.asText()) : Optional.empty();
        if (d.isEmpty()) {
            problem(path, "expected a duration like 90s, 15m, 24h or 30d, got '" + n.asText() + "'");
            return defaultMillis;
        }
        return d.get().toMillis();
    }

    /** A duration longer than zero, like {@code 10s}; {@code absent} when absent or bad (a bad one is a problem). */
    public Duration positiveDuration(String path, Duration absent) {
        Duration d = Duration.ofMillis(duration(path, absent.toMillis()));
        if (d.isZero()) {
            problem(path, "must be longer than 0");
            return absent;
        }
        return d;
    }

    /** Checks that an EPL condition (a where clause over one event) compiles. */
    public void condition(String path, String condition) {
        if (esper == null) return;
        try {
            EsperConditions.compile(esper, condition);
        } catch (InvalidConditionException e) {
            problem(path, "EPL condition does not compile: " + e.getMessage() + FieldSuggestion.forEsperError(e.getMessage()));
        }
    }

    /** Checks that a whole EPL statement, run per group key, compiles. */
    public void statement(String path, String statement) {
        if (esper == null) return;
        try {
            EsperConditions.compileKeyed(esper, statement);
        } catch (InvalidConditionException e) {
            problem(path, "EPL statement does not compile: " + e.getMessage() + FieldSuggestion.forEsperError(e.getMessage()));
        }
    }

    static String unknownField(String path) {
        return "unknown event field '" + path + "'" + FieldSuggestion.didYouMean(path);
    }
}
