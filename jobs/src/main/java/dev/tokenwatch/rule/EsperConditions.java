package dev.tokenwatch.rule;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rule conditions are EPL filter expressions over one event type, {@code TwEvent}, whose properties
 * are the event schema's paths ({@code event.action}, {@code source.geo.country_iso_code}, ...).
 * This class owns that type and compiles conditions against it.
 */
public final class EsperConditions {
    public static final String EVENT_TYPE = "TwEvent";
    /** Extra properties of the event type for {@code epl} rules: the group key and the end-of-key marker. */
    public static final String KEY = "tw_key";
    public static final String END = "tw_end";
    /** The name of an {@code epl} rule's statement, beside the context statement {@link #compileKeyed} adds. */
    public static final String KEYED_STATEMENT = "tw_rule";

    private EsperConditions() {}

    /**
     * Compiled statements by their text. Compiling is the costly part of starting a rule set, and the same
     * text is compiled by every subtask of the match and rule-state stages, by validation before them, and by
     * every in-process pipeline; the bytecode of one compile deploys into any runtime with the same event type.
     */
    private static final Map<String, EPCompiled> COMPILED = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EPCompiled> eldest) {
            return size() > 512;
        }
    });

    private static EPCompiled compiled(Configuration config, String epl) throws EPCompileException {
        EPCompiled cached = COMPILED.get(epl);
        if (cached != null) return cached;
        EPCompiled compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(config));
        COMPILED.put(epl, compiled);
        return compiled;
    }

    public static Configuration configuration() {
        Configuration config = new Configuration();
        config.getCommon().addEventType(EVENT_TYPE, schema());
        // Time comes from events, never from the wall clock: the same input gives the same output.
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        return config;
    }

    /**
     * Compiles {@code select * from TwEvent(condition)}; the error names what is wrong. Unnamed, so that validating a
     * condition compiles it for the match stage too: a runtime names the statement when it deploys it.
     */
    public static EPCompiled compile(Configuration config, String condition) throws InvalidConditionException {
        String prefix = "select * from " + EVENT_TYPE + "(";
        try {
            return compiled(config, prefix + escapeKeywords(condition) + ")");
        } catch (EPCompileException e) {
            throw new InvalidConditionException(cleanMessage(e.getMessage(), prefix.length()));
        }
    }

    /**
     * Compiles an {@code epl} rule's statement inside a context partitioned by group key, so its
     * windows and patterns are per key; a key's partition ends with an event carrying {@link #END}. The rule's own
     * statement is named {@link #KEYED_STATEMENT} (the same for every rule, so validation compiles it for the job).
     */
    public static EPCompiled compileKeyed(Configuration config, String statement) throws InvalidConditionException {
        String context = "create context TwPerKey partition by " + KEY + " from " + EVENT_TYPE
                + " terminated by " + EVENT_TYPE + "(" + END + " = true);\n";
        String body = "@name('" + KEYED_STATEMENT + "') context TwPerKey ";
        try {
            return compiled(config, context + body + statement);
        } catch (EPCompileException e) {
            String m = e.getMessage();
            int bracket = m.indexOf(" [");
            throw new InvalidConditionException((bracket > 0 ? m.substring(0, bracket) : m).replace(EVENT_TYPE, "TwEvent"));
        }
    }

    /** Parts of schema paths that are EPL keywords ({@code group.name}, {@code source.as.number}). */
    private static final Set<String> KEYWORDS = Set.of("group", "as");
    /** Each schema path with a keyword part, and how Esper must read it: {@code source.`as`.number}. */
    private static final Map<Pattern, String> KEYWORD_PATHS = keywordPaths();

    private static Map<Pattern, String> keywordPaths() {
        Map<Pattern, String> out = new LinkedHashMap<>();
        for (EventField field : EventField.values()) {
            String[] parts = field.path.split("\\.");
            if (Arrays.stream(parts).noneMatch(KEYWORDS::contains)) continue;
            String escaped = Arrays.stream(parts).map(p -> KEYWORDS.contains(p) ? "`" + p + "`" : p).collect(Collectors.joining("."));
            out.put(Pattern.compile("(?<![\\w`.])" + Pattern.quote(field.path) + "(?![\\w`])"), Matcher.quoteReplacement(escaped));
        }
        return out;
    }

    /**
     * Quotes the keyword parts of schema paths ({@code group.name}, {@code source.as.number}) outside
     * string literals, so a condition reads like the event. Backticks shift the column of a later
     * error by two per quoted part at most.
     */
    static String escapeKeywords(String condition) {
        String[] parts = condition.split("'", -1);
        for (int i = 0; i < parts.length; i += 2) {
            for (Map.Entry<Pattern, String> path : KEYWORD_PATHS.entrySet()) {
                parts[i] = path.getKey().matcher(parts[i]).replaceAll(path.getValue());
            }
        }
        return String.join("'", parts);
    }

    /** The nested map Esper sees for one event. */
    public static Map<String, Object> toMap(Event event) {
        Map<String, Object> root = new HashMap<>();
        for (EventField field : EventField.values()) {
            if (field == EventField.TIMESTAMP) continue;
            Object value = field.get(event);
            if (value != null) nestedParent(root, PATHS[field.ordinal()]).put(LEAVES[field.ordinal()], value);
        }
        return root;
    }

    private static Map<String, Object> schema() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(KEY, String.class);
        root.put(END, Boolean.class);
        for (EventField field : EventField.values()) {
            if (field == EventField.TIMESTAMP) continue;
            nestedParent(root, field.path).put(leaf(field.path), field.type);
        }
        return root;
    }

    /** Each field's path split once: this runs for every event. */
    private static final String[][] PATHS = Arrays.stream(EventField.values()).map(f -> f.path.split("\\.")).toArray(String[][]::new);
    private static final String[] LEAVES = Arrays.stream(EventField.values()).map(f -> leaf(f.path)).toArray(String[]::new);

    private static Map<String, Object> nestedParent(Map<String, Object> root, String path) {
        return nestedParent(root, path.split("\\."));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nestedParent(Map<String, Object> root, String[] parts) {
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        return node;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Esper appends the whole generated statement in brackets; the author only needs the reason. */
    private static String cleanMessage(String message, int prefixLength) {
        int bracket = message.indexOf(" [select * from " + EVENT_TYPE + "(");
        String m = bracket > 0 ? message.substring(0, bracket) : message;
        // Columns count from the start of the generated statement; authors count from their condition.
        Matcher column = Pattern.compile("at line 1 column (\\d+)").matcher(m);
        if (column.find()) {
            int inCondition = Math.max(1, Integer.parseInt(column.group(1)) - prefixLength + 1);
            m = m.substring(0, column.start()) + "at column " + inCondition + " of the condition" + m.substring(column.end());
        }
        return m.replace(", please check the filter specification within the from clause", "").replace(EVENT_TYPE, "the event");
    }
}
