package dev.tokenwatch.rule;

import com.espertech.esper.common.client.configuration.Configuration;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.EventField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads every rule file of a directory and validates all of them, collecting every problem (file,
 * line, field, reason) rather than stopping at the first, so one run shows an author all that is wrong.
 * List files named by rules are resolved against the rules directory.
 */
public final class RuleLoader {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,80}");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern TACTIC = Pattern.compile("TA\\d{4}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    /** The fields every rule may have, and the section of each type that has one (new_value, threshold, ...). */
    private static final Set<String> TOP_LEVEL = Stream.concat(
            Stream.of("id", "name", "description", "author", "severity", "risk_score", "threat", "tags", "enabled",
                    "false_positives", "references", "type", "condition", "group_by", "reason", "suppression", "tests",
                    "maturity", "created", "updated", "note"),
            Stream.of(RuleType.values()).filter(t -> t.section() != null).map(RuleType::label)).collect(Collectors.toUnmodifiableSet());

    /** Where conditions are compiled to check them; null when they were checked already. */
    private final Configuration esper;

    public RuleLoader() {
        this(EsperConditions.configuration());
    }

    private RuleLoader(Configuration esper) {
        this.esper = esper;
    }

    /**
     * For snapshots the hot-reload poller already validated: every operator instance loads them, and
     * compiling each condition there again only to check it would repeat the poller's work (the
     * operators that run conditions compile them anyway).
     */
    public static RuleLoader forValidatedSnapshots() {
        return new RuleLoader(null);
    }

    public record Result(List<RuleFile> rules, List<RuleProblem> problems) {
        public List<Rule> enabledRules() {
            return rules.stream().map(RuleFile::rule).filter(Rule::enabled).toList();
        }
    }

    public Result loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Result(List.of(), List.of(new RuleProblem(dir.toString(), 1, null, null, "rules directory not found")));
        }
        try {
            return load(RuleFiles.read(dir));
        } catch (IOException e) {
            return new Result(List.of(), List.of(new RuleProblem(dir.toString(), 1, null, null, "cannot read: " + e.getMessage())));
        }
    }

    /** Loads every rule file of the snapshot; list files named by rules come from the snapshot too. */
    public Result load(RuleFiles snapshot) {
        List<RuleFile> rules = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, String> seenIds = new HashMap<>();
        List<String> ruleFiles = snapshot.files().keySet().stream().filter(RuleFiles::isRule).toList();
        for (String name : ruleFiles) {
            RuleFile loaded = loadFile(snapshot, name, problems);
            if (loaded == null) continue;
            String previous = seenIds.putIfAbsent(loaded.rule().id(), snapshot.display(name));
            if (previous != null) {
                problems.add(new RuleProblem(snapshot.display(name), 1, loaded.rule().id(), "id", "duplicate id, also in " + previous));
            } else {
                rules.add(loaded);
            }
        }
        if (ruleFiles.isEmpty()) problems.add(new RuleProblem(snapshot.root(), 1, null, null, "no rule files (*.yaml)"));
        return new Result(rules, problems);
    }

    /** Loads one rule file of the snapshot; returns null (with problems added) when it is not a usable rule. */
    public RuleFile loadFile(RuleFiles snapshot, String name, List<RuleProblem> problems) {
        String file = snapshot.display(name);
        Optional<RuleReader> reader = RuleReader.parse(file, snapshot.text(name).orElse(""), "the rule's fields", problems, snapshot, esper);
        if (reader.isEmpty()) return null;
        RuleReader in = reader.get();
        JsonNode root = in.root();
        int before = problems.size();
        Rule rule = rule(in, root, file);
        String expectedName = rule.id() + ".yaml";
        if (!name.equals(expectedName)) {
            in.problem("id", "file name must be " + expectedName + " so rules are easy to find by id");
        }
        List<RuleTestCase> tests = tests(in, root);
        return problems.size() > before ? null : new RuleFile(rule, tests);
    }

    /** The fields every rule has; its type's own section goes to {@link RuleType#section()}. */
    private static Rule rule(RuleReader in, JsonNode root, String file) {
        String id = in.text("id", true);
        in.ruleId(id);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_LEVEL.contains(f)) in.problem(f, "unknown field (known: " + String.join(", ", new TreeSet<>(TOP_LEVEL)) + ")");
        }
        if (id != null && !ID.matcher(id).matches()) in.problem("id", "must match " + ID.pattern() + ", got '" + id + "'");
        String name = in.text("name", true);
        String description = in.text("description", true);
        Severity severity = in.enumValue("severity", Severity.class, true);
        Integer risk = in.integer("risk_score");
        in.riskBand("risk_score", severity, risk);
        Rule.Threat threat = threat(in, root);
        List<String> tags = in.strings("tags", false);
        boolean enabled = !root.has("enabled") || in.bool("enabled");
        RuleType type = in.enumValue("type", RuleType.class, true);
        String condition = in.text("condition", type == RuleType.MATCH);
        if (condition != null) in.condition("condition", condition);
        RuleSection<?> parser = type == null ? null : type.section();
        List<String> groupBy = in.fields("group_by", parser != null && parser.requiresGroupBy());
        Object section = null;
        if (parser != null) {
            Keyed<?> keyed = read(parser, in, groupBy);
            section = keyed.section();
            groupBy = keyed.groupBy();
        }
        for (RuleType other : RuleType.values()) {
            if (other != type && other.section() != null && root.has(other.label())) {
                in.problem(other.label(), "only for type " + other.label());
            }
        }
        Rule.Suppression suppression = suppression(in, root, groupBy);
        String reason = in.text("reason", false);
        if (reason != null) checkPlaceholders(in, reason);
        return new Rule(id, name, description, severity, risk == null ? 0 : risk, threat, tags, enabled, type,
                condition, groupBy, reason, suppression, as(section, Rule.NewValue.class), as(section, Rule.Indicator.class),
                as(section, Rule.Threshold.class), as(section, Rule.Sequence.class), as(section, Rule.GeoVelocity.class),
                as(section, Rule.Epl.class), as(section, Rule.Dormant.class), file);
    }

    private record Keyed<T>(T section, List<String> groupBy) {}

    private static <T> Keyed<T> read(RuleSection<T> parser, RuleReader in, List<String> declaredGroupBy) {
        T section = parser.read(in);
        return new Keyed<>(section, parser.groupBy(section, declaredGroupBy));
    }

    /** The section if it is of this type's record, else null: a rule fills only its own type's slot. */
    private static <T> T as(Object section, Class<T> record) {
        return record.isInstance(section) ? record.cast(section) : null;
    }

    private static Rule.Threat threat(RuleReader in, JsonNode root) {
        JsonNode t = root.get("threat");
        if (t == null || !t.isObject()) {
            in.problem("threat", "missing: give tactic (id, name) and technique (id, name) from MITRE ATT&CK");
            return null;
        }
        String tacticId = in.text("threat.tactic.id", true);
        if (tacticId != null && !TACTIC.matcher(tacticId).matches()) in.problem("threat.tactic.id", "expected TA followed by 4 digits, got '" + tacticId + "'");
        String techniqueId = in.text("threat.technique.id", true);
        if (techniqueId != null && !TECHNIQUE.matcher(techniqueId).matches()) in.problem("threat.technique.id", "expected T1234 or T1234.001, got '" + techniqueId + "'");
        return new Rule.Threat(tacticId, in.text("threat.tactic.name", true), techniqueId, in.text("threat.technique.name", true));
    }

    private static Rule.Suppression suppression(RuleReader in, JsonNode root, List<String> groupBy) {
        long period = in.duration("suppression.for", Duration.ofHours(1).toMillis());
        List<String> by = root.path("suppression").has("by") ? in.fields("suppression.by", false) : groupBy;
        return new Rule.Suppression(period, by);
    }

    private static List<RuleTestCase> tests(RuleReader in, JsonNode root) {
        List<RuleTestCase> tests = new ArrayList<>();
        JsonNode node = root.get("tests");
        if (node == null || !node.isArray() || node.isEmpty()) {
            in.problem("tests", "every rule needs tests: at least one case that alerts and one that does not");
            return tests;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "tests[" + i + "]";
            JsonNode t = node.get(i);
            String name = in.text(at + ".name", true);
            JsonNode events = t.get("events");
            if (events == null || !events.isArray() || events.isEmpty()) {
                in.problem(at + ".events", "required: a list of input events");
                continue;
            }
            JsonNode expect = t.get("expect");
            if (expect == null || !expect.isArray()) {
                in.problem(at + ".expect", "required: a list of expected alerts ([] for none)");
                continue;
            }
            List<Map<String, String>> expected = new ArrayList<>();
            for (int j = 0; j < expect.size(); j++) {
                Map<String, String> fields = new LinkedHashMap<>();
                expect.get(j).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
                expected.add(fields);
            }
            List<JsonNode> inputs = new ArrayList<>();
            events.forEach(inputs::add);
            tests.add(new RuleTestCase(name, in.line(at), inputs, expected));
        }
        return tests;
    }

    private static void checkPlaceholders(RuleReader in, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String p = m.group(1);
            if (!p.equals("detail") && !p.equals("rule.name") && EventField.byPath(p).isEmpty()) {
                in.problem("reason", "unknown placeholder {" + p + "}: use an event field path, {detail} or {rule.name}"
                        + FieldSuggestion.didYouMean(p));
            }
        }
    }
}
