package dev.tokenwatch.source.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What one request body holds: the lines to store for the job, one JSON document each, and the parts that are not
 * usable, each with its line and reason. The job's parsers decide what an event is; this only makes sure a stored
 * line is one JSON object, so a pretty-printed envelope does not become a dozen broken lines.
 */
record ReceivedBody(List<String> lines, List<Problem> problems, String extension) {
    record Problem(long line, String text, String reason) {}

    private static final String JSON_LINES = ".jsonl";

    /** A Distribution notification envelope: one JSON object with an {@code events} array, stored as one line. */
    static ReceivedBody envelope(String body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            return refused(body, "not a JSON document: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) return refused(body, "not a JSON object");
        if (!node.path("events").isArray()) return refused(body, "no 'events' array: not a Distribution notification envelope");
        return new ReceivedBody(List.of(node.toString()), List.of(), JSON_LINES);
    }

    /** Native events as JSON Lines: each non-blank line one JSON object. */
    static ReceivedBody jsonLines(String body) {
        List<String> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] raw = body.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String text = raw[i].strip();
            if (text.isEmpty()) continue;
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node != null && node.isObject()) lines.add(node.toString());
                else problems.add(new Problem(i + 1, text, "not a JSON object"));
            } catch (Exception e) {
                problems.add(new Problem(i + 1, text, "not a JSON document: " + firstLine(e.getMessage())));
            }
        }
        return new ReceivedBody(lines, problems, JSON_LINES);
    }

    /**
     * Text log lines, stored as they are: the registry's own log (logfmt), whose login failures the job's parser reads,
     * or Harbor's audit lines as it forwards them to syslog. Lines that report no event are counted as such by the job.
     */
    static ReceivedBody logLines(String body) {
        List<String> lines = body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return new ReceivedBody(lines, List.of(), ".log");
    }

    private static ReceivedBody refused(String body, String reason) {
        return new ReceivedBody(List.of(), List.of(new Problem(1, body, reason)), JSON_LINES);
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
