package dev.tokenwatch.job;

import java.util.List;
import java.util.Locale;

/**
 * Label values for the labelled metrics, each from a small fixed set: a Prometheus series per file path or per free-text
 * reason would grow without bound.
 */
public final class MetricLabels {
    /** Label key of records by where they came from: {@link #source}. */
    public static final String SOURCE = "source";
    /** Label key of dead letters by why: {@link #reason}. */
    public static final String REASON = "reason";
    /** Label key of alerts by rule id. */
    public static final String RULE = "rule";
    /** Label key of chat messages by destination name (from the routes file). */
    public static final String DESTINATION = "destination";

    /** The receiver's endpoints, as its spool file names and dead letters name them. */
    public static final List<String> RECEIVER_ENDPOINTS = List.of("distribution", "events", "grants", "registry-log", "harbor-syslog");

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String UNKNOWN_SHAPE = "unknown_shape";
    public static final String EMPTY = "empty";
    public static final String MISSING_FIELD = "missing_field";
    public static final String BAD_VALUE = "bad_value";
    public static final String BAD_TIME = "bad_time";
    public static final String TOO_LONG = "too_long";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String LATE = "late";
    public static final String AHEAD = "ahead";
    public static final String PARSER_ERROR = "parser_error";
    public static final String OTHER = "other";
    /** Every value {@link #reason} can give: registered up front, so each series exists (at 0) before its first dead letter. */
    public static final List<String> REASONS = List.of(MALFORMED_JSON, UNKNOWN_SHAPE, EMPTY, MISSING_FIELD, BAD_VALUE, BAD_TIME,
            TOO_LONG, INVALID_UTF8, LATE, AHEAD, PARSER_ERROR, OTHER);

    private MetricLabels() {}

    /**
     * Where a record came from, by kind, from {@code RawRecord.origin}: {@code file} (samples, files dropped in the
     * spool), {@code receiver:ENDPOINT} (what the receiver stored in the spool: {@code received-ENDPOINT-...}; a
     * followed registry log is {@code receiver:tail}), {@code poll:POLLER} (the poller's kind, without its account),
     * {@code kafka}, or {@code other}. Never a path, a topic or an account.
     */
    public static String source(String origin) {
        if (origin == null || origin.isEmpty()) return "other";
        if (origin.startsWith("kafka:")) return "kafka";
        if (origin.startsWith("poll:")) {
            String poller = origin.substring("poll:".length());
            int colon = poller.indexOf(':');
            return "poll:" + sanitize(colon < 0 ? poller : poller.substring(0, colon));
        }
        if (origin.startsWith("receiver:")) return origin.contains("syslog") ? "receiver:harbor-syslog"
                : origin.contains("tail") ? "receiver:tail" : receiverEndpoint(origin.substring(origin.lastIndexOf('/') + 1));
        int slash = Math.max(origin.lastIndexOf('/'), origin.lastIndexOf('\\'));
        String name = origin.substring(slash + 1);
        if (name.startsWith("received-")) {
            String rest = name.substring("received-".length());
            if (rest.startsWith("tail-")) return "receiver:tail";
            for (String endpoint : RECEIVER_ENDPOINTS) {
                if (rest.startsWith(endpoint + "-")) return "receiver:" + endpoint;
            }
            return "receiver:other";
        }
        return slash >= 0 || origin.startsWith("file:") || name.contains(".") ? "file" : "other";
    }

    private static String receiverEndpoint(String endpoint) {
        return RECEIVER_ENDPOINTS.contains(endpoint) ? "receiver:" + endpoint : "receiver:other";
    }

    /** Poller kinds are a handful of fixed words; anything else in one is cut to keep the label a word. */
    private static String sanitize(String s) {
        String word = s.replaceAll("[^A-Za-z0-9_-]", "_");
        return word.length() > 40 ? word.substring(0, 40) : word;
    }

    /**
     * The kind of problem a dead letter's free-text reason tells, as one of {@link #REASONS}. Reasons may start with
     * where in the record the problem was ({@code events[0]: }), so they are matched anywhere in the text.
     */
    public static String reason(String reason) {
        if (reason == null || reason.isBlank()) return OTHER;
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.startsWith("late:")) return LATE;
        if (r.startsWith("ahead:")) return AHEAD;
        if (r.contains("internal parser error")) return PARSER_ERROR;
        if (r.contains("invalid utf-8")) return INVALID_UTF8;
        if (r.contains("malformed json")) return MALFORMED_JSON;
        if (r.contains("more than the limit") || r.contains("characters, more than") || r.contains("bytes, more than")) return TOO_LONG;
        if (r.contains("empty record") || r.contains("empty array") || r.contains("empty, nothing to read")) return EMPTY;
        if (r.contains("unrecognized format") || r.contains("expected a json object") || r.contains("not a harbor operation")
                || r.contains("log fields:") || r.contains("log line:") || r.contains(": expected an array, got")
                || r.endsWith(": expected an array")) return UNKNOWN_SHAPE;
        if (r.contains("not an rfc 3339 time") || r.contains("not a go time") || r.contains(" is outside ")
                || r.contains(" is before iat") || r.contains("seconds since the epoch")) return BAD_TIME;
        if (r.endsWith(": missing") || r.contains(": missing after")) return MISSING_FIELD;
        if (r.contains(": expected ")) return BAD_VALUE;
        return OTHER;
    }
}
