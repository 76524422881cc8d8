package dev.tokenwatch.rule;

import com.espertech.esper.common.client.configuration.Configuration;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tokenwatch.event.EventField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads every rule file of a directory and validates all of them, collecting every problem (file,
 * line, field, reason) rather than stopping at the first, so one run shows an author all that is wrong.
 * List files named by rules are resolved against the rules directory.
 */
public final class RuleLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,80}");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern TACTIC = Pattern.compile("TA\\d{4}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> TOP_LEVEL = Set.of("id", "name", "description", "author", "severity", "risk_score",
            "threat", "tags", "enabled", "false_positives", "references", "type", "condition", "group_by", "reason",
            "suppression", "new_value", "indicator", "threshold", "sequence", "geo_velocity", "epl", "dormant", "tests", "maturity", "created", "updated", "note");

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
        String text = snapshot.text(name).orElse("");
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            problems.add(new RuleProblem(file, line, null, null, "not valid YAML: " + e.getOriginalMessage()));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add(new RuleProblem(file, 1, null, null, "expected a YAML mapping with the rule's fields"));
            return null;
        }
        Checker c = new Checker(file, new YamlLocations(text), root, problems);
        int before = problems.size();
        Rule rule = c.rule(snapshot, esper);
        String expectedName = rule.id() + ".yaml";
        if (!name.equals(expectedName)) {
            c.problem("id", "file name must be " + expectedName + " so rules are easy to find by id");
        }
        List<RuleTestCase> tests = c.tests();
        return problems.size() > before ? null : new RuleFile(rule, tests);
    }

    /** Reads fields of one rule document, recording a problem for each bad one and carrying on. */
    private static final class Checker {
        private final String file;
        private final YamlLocations where;
        private final JsonNode root;
        private final List<RuleProblem> problems;
        private String ruleId;

        Checker(String file, YamlLocations where, JsonNode root, List<RuleProblem> problems) {
            this.file = file;
            this.where = where;
            this.root = root;
            this.problems = problems;
        }

        void problem(String field, String message) {
            problems.add(new RuleProblem(file, where.line(field), ruleId, field, message));
        }

        Rule rule(RuleFiles snapshot, Configuration esper) {
            String id = text("id", true);
            ruleId = id;
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!TOP_LEVEL.contains(f)) problem(f, "unknown field (known: " + String.join(", ", new TreeSet<>(TOP_LEVEL)) + ")");
            }
            if (id != null && !ID.matcher(id).matches()) problem("id", "must match " + ID.pattern() + ", got '" + id + "'");
            String name = text("name", true);
            String description = text("description", true);
            Severity severity = enumValue("severity", Severity.class, true);
            Integer risk = integer("risk_score");
            if (severity != null && risk != null && (risk < severity.minRisk || risk > severity.maxRisk)) {
                problem("risk_score", risk + " is outside the " + severity.label() + " band " + severity.minRisk + "-" + severity.maxRisk);
            }
            Rule.Threat threat = threat();
            List<String> tags = strings("tags", false);
            boolean enabled = !root.has("enabled") || bool("enabled");
            RuleType type = enumValue("type", RuleType.class, true);
            String condition = text("condition", type == RuleType.MATCH);
            if (condition != null) compile(esper, "condition", condition);
            List<String> groupBy = fields("group_by", type != null && type != RuleType.MATCH && type != RuleType.INDICATOR);
            Rule.NewValue newValue = type == RuleType.NEW_VALUE ? newValue() : null;
            Rule.Indicator indicator = type == RuleType.INDICATOR ? indicator(snapshot, esper) : null;
            if (indicator != null) groupBy = List.of(indicator.field());
            Rule.Threshold threshold = type == RuleType.THRESHOLD ? threshold() : null;
            Rule.Sequence sequence = type == RuleType.SEQUENCE ? sequence(esper) : null;
            Rule.GeoVelocity geoVelocity = type == RuleType.GEO_VELOCITY ? geoVelocity() : null;
            Rule.Epl epl = type == RuleType.EPL ? epl(esper) : null;
            Rule.Dormant dormant = type == RuleType.DORMANT ? dormant() : null;
            for (RuleType other : RuleType.values()) {
                if (other != type && other != RuleType.MATCH && root.has(other.label())) {
                    problem(other.label(), "only for type " + other.label());
                }
            }
            Rule.Suppression suppression = suppression(groupBy);
            String reason = text("reason", false);
            if (reason != null) checkPlaceholders(reason);
            return new Rule(id, name, description, severity, risk == null ? 0 : risk, threat, tags, enabled, type,
                    condition, groupBy, reason, suppression, newValue, indicator, threshold, sequence, geoVelocity, epl, dormant, file);
        }

        private Rule.Threat threat() {
            JsonNode t = root.get("threat");
            if (t == null || !t.isObject()) {
                problem("threat", "missing: give tactic (id, name) and technique (id, name) from MITRE ATT&CK");
                return null;
            }
            String tacticId = text("threat.tactic.id", true);
            if (tacticId != null && !TACTIC.matcher(tacticId).matches()) problem("threat.tactic.id", "expected TA followed by 4 digits, got '" + tacticId + "'");
            String techniqueId = text("threat.technique.id", true);
            if (techniqueId != null && !TECHNIQUE.matcher(techniqueId).matches()) problem("threat.technique.id", "expected T1234 or T1234.001, got '" + techniqueId + "'");
            return new Rule.Threat(tacticId, text("threat.tactic.name", true), techniqueId, text("threat.technique.name", true));
        }

        private Rule.NewValue newValue() {
            List<String> fields = fields("new_value.fields", true);
            long learning = duration("new_value.learning_period", 0);
            long history = duration("new_value.history_window", -1);
            if (history <= 0) problem("new_value.history_window", "required: how long a seen value is remembered (e.g. 30d); state is dropped after it");
            else if (history <= learning) problem("new_value.history_window", "must be longer than learning_period");
            return new Rule.NewValue(fields, learning, history);
        }

        private Rule.Indicator indicator(RuleFiles snapshot, Configuration esper) {
            String field = text("indicator.field", true);
            if (field != null && EventField.byPath(field).isEmpty()) problem("indicator.field", unknownField(field));
            List<String> listFiles = strings("indicator.lists", false);
            Set<String> listed = new LinkedHashSet<>();
            for (int i = 0; i < listFiles.size(); i++) {
                Optional<String> list = snapshot.text(listFiles.get(i));
                if (list.isEmpty()) {
                    problem("indicator.lists[" + i + "]", "list file not found: " + snapshot.display(listFiles.get(i))
                            + " (list files live under " + RuleFiles.LISTS + ")");
                    continue;
                }
                list.get().lines().map(String::strip).filter(v -> !v.isEmpty() && !v.startsWith("#")).forEach(listed::add);
            }
            String learn = text("indicator.learn.condition", false);
            if (learn != null) compile(esper, "indicator.learn.condition", learn);
            if (listFiles.isEmpty() && learn == null) problem("indicator", "give lists, learn.condition, or both");
            String learnField = text("indicator.learn.field", false);
            if (learnField != null && EventField.byPath(learnField).isEmpty()) problem("indicator.learn.field", unknownField(learnField));
            long ttl = duration("indicator.ttl", Duration.ofDays(365).toMillis());
            return new Rule.Indicator(field, Set.copyOf(listed), listFiles, learn, learnField, ttl);
        }

        private Rule.Threshold threshold() {
            long window = duration("threshold.window", -1);
            if (window <= 0) problem("threshold.window", "required: the window length, e.g. 10m");
            String kind = text("threshold.window_type", false);
            if (kind != null && !kind.equals("sliding") && !kind.equals("tumbling")) {
                problem("threshold.window_type", "expected sliding or tumbling, got '" + kind + "'");
            }
            Integer count = integer("threshold.count");
            if (count != null && count < 1) problem("threshold.count", "must be at least 1");
            String distinct = text("threshold.distinct", false);
            if (distinct != null && EventField.byPath(distinct).isEmpty()) problem("threshold.distinct", unknownField(distinct));
            return new Rule.Threshold(window, "tumbling".equals(kind), count == null ? 1 : count, distinct);
        }

        private Rule.Sequence sequence(Configuration esper) {
            long within = duration("sequence.within", -1);
            if (within <= 0) problem("sequence.within", "required: how long the whole sequence may take, e.g. 10m");
            JsonNode steps = at("sequence.steps");
            List<Rule.Step> out = new ArrayList<>();
            if (steps == null || !steps.isArray() || steps.size() < 2) {
                problem("sequence.steps", "required: a list of at least two steps");
                return new Rule.Sequence(within, out);
            }
            for (int i = 0; i < steps.size(); i++) {
                String at = "sequence.steps[" + i + "]";
                String name = text(at + ".name", true);
                String condition = text(at + ".condition", true);
                if (condition != null) compile(esper, at + ".condition", condition);
                Integer count = at(at + ".count") == null ? Integer.valueOf(1) : integer(at + ".count");
                if (count != null && count < 1) problem(at + ".count", "must be at least 1");
                boolean absent = at(at + ".absent") != null && bool(at + ".absent");
                if (absent && (i == 0 || i != steps.size() - 1)) problem(at + ".absent", "only the last step (not the first) can be an absence");
                out.add(new Rule.Step(name, condition, count == null ? 1 : count, absent));
            }
            return new Rule.Sequence(within, List.copyOf(out));
        }

        private Rule.Epl epl(Configuration esper) {
            String statement = text("epl.statement", true);
            long window = duration("epl.window", -1);
            if (window <= 0) problem("epl.window", "required: how far back the statement looks (its longest window or pattern), e.g. 1h");
            if (statement != null && esper != null) {
                try {
                    EsperConditions.compileKeyed(esper, "validate", statement);
                } catch (InvalidConditionException e) {
                    problem("epl.statement", "EPL statement does not compile: " + e.getMessage() + FieldSuggestion.forEsperError(e.getMessage()));
                }
            }
            return new Rule.Epl(statement, window);
        }

        private Rule.Dormant dormant() {
            long gap = duration("dormant.gap", -1);
            if (gap <= 0) problem("dormant.gap", "required: how long a key must have been silent, e.g. 90d");
            long ttl = duration("dormant.ttl", gap * 2);
            if (gap > 0 && ttl <= gap) problem("dormant.ttl", "must be longer than gap, or a dormant key is forgotten before it can wake");
            return new Rule.Dormant(gap, ttl);
        }

        private Rule.GeoVelocity geoVelocity() {
            Double speed = number("geo_velocity.max_speed_kmh");
            Double distance = number("geo_velocity.min_distance_km");
            long ttl = duration("geo_velocity.ttl", Duration.ofDays(30).toMillis());
            return new Rule.GeoVelocity(speed == null ? 0 : speed, distance == null ? 0 : distance, ttl);
        }

        private Double number(String path) {
            JsonNode n = at(path);
            if (n == null || !n.isNumber() || n.asDouble() <= 0) {
                problem(path, n == null ? "required: a positive number" : "expected a positive number, got '" + n.asText() + "'");
                return null;
            }
            return n.asDouble();
        }

        private Rule.Suppression suppression(List<String> groupBy) {
            long period = duration("suppression.for", Duration.ofHours(1).toMillis());
            List<String> by = root.path("suppression").has("by") ? fields("suppression.by", false) : groupBy;
            return new Rule.Suppression(period, by);
        }

        List<RuleTestCase> tests() {
            List<RuleTestCase> tests = new ArrayList<>();
            JsonNode node = root.get("tests");
            if (node == null || !node.isArray() || node.isEmpty()) {
                problem("tests", "every rule needs tests: at least one case that alerts and one that does not");
                return tests;
            }
            for (int i = 0; i < node.size(); i++) {
                String at = "tests[" + i + "]";
                JsonNode t = node.get(i);
                String name = text(at + ".name", true);
                JsonNode events = t.get("events");
                if (events == null || !events.isArray() || events.isEmpty()) {
                    problem(at + ".events", "required: a list of input events");
                    continue;
                }
                JsonNode expect = t.get("expect");
                if (expect == null || !expect.isArray()) {
                    problem(at + ".expect", "required: a list of expected alerts ([] for none)");
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
                tests.add(new RuleTestCase(name, where.line(at), inputs, expected));
            }
            return tests;
        }

        private void compile(Configuration esper, String field, String condition) {
            if (esper == null) return;
            try {
                EsperConditions.compile(esper, "validate", condition);
            } catch (InvalidConditionException e) {
                problem(field, "EPL condition does not compile: " + e.getMessage() + FieldSuggestion.forEsperError(e.getMessage()));
            }
        }

        private void checkPlaceholders(String template) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                String p = m.group(1);
                if (!p.equals("detail") && !p.equals("rule.name") && EventField.byPath(p).isEmpty()) {
                    problem("reason", "unknown placeholder {" + p + "}: use an event field path, {detail} or {rule.name}"
                            + FieldSuggestion.didYouMean(p));
                }
            }
        }

        /** The node at a path like {@code tests[0].name}. */
        private JsonNode at(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                int bracket = part.indexOf('[');
                String name = bracket < 0 ? part : part.substring(0, bracket);
                n = n == null ? null : n.get(name);
                if (bracket >= 0 && n != null) n = n.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
            return n == null || n.isNull() ? null : n;
        }

        private String text(String path, boolean required) {
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

        private Integer integer(String path) {
            JsonNode n = at(path);
            if (n == null || !n.isInt()) {
                problem(path, n == null ? "required" : "expected a whole number, got '" + n.asText() + "'");
                return null;
            }
            return n.asInt();
        }

        private boolean bool(String path) {
            JsonNode n = at(path);
            if (n == null || !n.isBoolean()) {
                problem(path, "expected true or false");
                return false;
            }
            return n.asBoolean();
        }

        private <E extends Enum<E>> E enumValue(String path, Class<E> type, boolean required) {
            String v = text(path, required);
            if (v == null) return null;
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> allowed = Stream.of(type.getEnumConstants()).map(x -> x.name().toLowerCase()).toList();
                problem(path, "'" + v + "' is not one of " + allowed);
                return null;
            }
        }

        private List<String> strings(String path, boolean required) {
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

        private static String unknownField(String path) {
            return "unknown event field '" + path + "'" + FieldSuggestion.didYouMean(path);
        }

        /** A list of event field paths, each checked against the schema. */
        private List<String> fields(String path, boolean required) {
            List<String> out = strings(path, required);
            for (int i = 0; i < out.size(); i++) {
                if (EventField.byPath(out.get(i)).isEmpty()) {
                    problem(path + "[" + i + "]", unknownField(out.get(i)));
                }
            }
            return out;
        }

        private long duration(String path, long defaultMillis) {
            JsonNode n = at(path);
            if (n == null) return defaultMillis;
            Optional<Duration> d = n.isTextual() ? Durations.parse(n.asText()) : Optional.empty();
            if (d.isEmpty()) {
                problem(path, "expected a duration like 90s, 15m, 24h or 30d, got '" + n.asText() + "'");
                return defaultMillis;
            }
            return d.get().toMillis();
        }
    }
}
