package dev.tokenwatch.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns raw records into normalized events, recognizing the format of each element by its shape,
 * so one file may mix formats. Every element becomes an event or a dead letter with its reason.
 *
 * <p>Only an element that cannot be an event at all is a dead letter: not JSON, not an object, an
 * unknown shape, or no usable time or action. A bad value in any other field is dropped from the
 * event and named in {@code tokenwatch.problems}, so one bad field never hides an event.
 */
public final class EventParser {
    private static final String UNKNOWN = "unknown";
    private static final DistributionNotificationFormat DISTRIBUTION = new DistributionNotificationFormat();
    private static final DockerHubAuditFormat DOCKER_HUB = new DockerHubAuditFormat();
    private static final DistributionLogFormat REGISTRY_LOG = new DistributionLogFormat();
    private static final HarborSyslogFormat HARBOR_SYSLOG = new HarborSyslogFormat();
    private static final List<InputFormat> SINGLE_ELEMENT_FORMATS =
            List.of(new NativeFormat(), new HarborAuditFormat(), DOCKER_HUB, DISTRIBUTION, new TokenGrantFormat());

    /** Fails on {@code {..}{..}} or {@code {..} junk} instead of silently dropping what follows the first value. */
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A blank record gives neither events nor dead letters: blank lines between JSON Lines are not data. */
    public ParseOutcome parse(RawRecord record) {
        List<Event> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        if (record.problem() != null) {
            dead.add(DeadLetter.of(record, UNKNOWN, record.problem()));
            return new ParseOutcome(events, dead);
        }
        if (record.text().isBlank()) return new ParseOutcome(events, dead);
        // A JSON document is never a log line: most input is JSON, and the log checks cost regular expressions.
        boolean json = startsLikeJson(record.text());
        if (!json && DistributionLogFormat.recognizes(record.text())) {
            return logLine(record, DistributionLogFormat.DATASET, problems -> REGISTRY_LOG.parse(record.text(), problems));
        }
        if (!json && HarborSyslogFormat.recognizes(record.text())) {
            return logLine(record, HarborSyslogFormat.DATASET, problems -> HARBOR_SYSLOG.parse(record.text(), problems));
        }
        JsonNode root;
        try {
            root = READER.readTree(record.text());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
            dead.add(DeadLetter.of(record, UNKNOWN, "malformed JSON: " + e.getOriginalMessage() + where));
            return new ParseOutcome(events, dead);
        }
        if (root == null || root.isMissingNode()) {
            dead.add(DeadLetter.of(record, UNKNOWN, "empty record"));
        } else {
            dispatch(record, root, "", events, dead);
            // Only a snapshot listing no token gives nothing at all: data that reports no event.
            if (events.isEmpty() && dead.isEmpty()) return ParseOutcome.notAnEvent();
        }
        return new ParseOutcome(events, dead);
    }

    private static boolean startsLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) return c == '{' || c == '[';
        }
        return false;
    }

    /**
     * A text log line (the registry's own log, Harbor's syslog forwarding): its event, or none for a line that reports
     * none (ignored, and counted as such).
     */
    private ParseOutcome logLine(RawRecord record, String dataset, ElementParse parse) {
        List<Event> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        parseElement(record, "", dataset, parse, events, dead);
        return events.isEmpty() && dead.isEmpty() ? ParseOutcome.notAnEvent() : new ParseOutcome(events, dead);
    }

    private void dispatch(RawRecord record, JsonNode node, String where, List<Event> events, List<DeadLetter> dead) {
        if (node.isArray()) {
            if (node.isEmpty()) dead.add(DeadLetter.of(record, UNKNOWN, at(where) + "empty array"));
            for (int i = 0; i < node.size(); i++) dispatch(record, node.get(i), where + "[" + i + "]", events, dead);
            return;
        }
        if (!node.isObject()) {
            dead.add(DeadLetter.of(record, UNKNOWN, at(where) + "expected a JSON object, got " + node.getNodeType().name().toLowerCase()));
            return;
        }
        if (node.has("events") && !node.has("@timestamp")) {
            elements(record, node, "events", where, DISTRIBUTION, events, dead);
        } else if (node.has("logs")) {
            elements(record, node, "logs", where, DOCKER_HUB, events, dead);
        } else if (AccessTokenSnapshots.isSnapshot(node) || AccessTokenSnapshots.isWrapped(node)) {
            accessTokenSnapshot(record, node, where, events, dead);
        } else {
            InputFormat format = SINGLE_ELEMENT_FORMATS.stream().filter(f -> f.recognizes(node)).findFirst().orElse(null);
            if (format == null) {
                dead.add(DeadLetter.of(record, UNKNOWN, at(where) + "unrecognized format: not native (@timestamp + event.action),"
                        + " Distribution notification (events[]), Docker Hub audit (account + action + timestamp)"
                        + ", Harbor audit (op_time + operation), a token server grant (jti + sub + iat + exp)"
                        + " or a Docker Hub access-token page (results[] + active_count)"));
            } else {
                parseElement(record, where, format.dataset(), problems -> Optional.of(format.parse(node, problems)), events, dead);
            }
        }
    }

    private void elements(RawRecord record, JsonNode node, String field, String where, InputFormat format,
                          List<Event> events, List<DeadLetter> dead) {
        JsonNode array = node.get(field);
        if (!array.isArray()) {
            dead.add(DeadLetter.of(record, format.dataset(), at(where) + field + ": expected an array"));
            return;
        }
        if (array.isEmpty()) {
            dead.add(DeadLetter.of(record, format.dataset(), at(where) + field + ": empty, nothing to read"));
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String elementWhere = where + (where.isEmpty() ? "" : ".") + field + "[" + i + "]";
            if (!element.isObject()) {
                dead.add(DeadLetter.of(record, format.dataset(), at(elementWhere) + "expected a JSON object"));
            } else {
                parseElement(record, elementWhere, format.dataset(), problems -> Optional.of(format.parse(element, problems)), events, dead);
            }
        }
    }

    /**
     * A Docker Hub access-token page read on its own, bare or in the wrapper {@link AccessTokenSnapshots#isWrapped}
     * describes: every token it lists is new, so each becomes {@code token.created} (and {@code token.used},
     * {@code token.revoked} as its listing shows). An element that is no listing is a dead letter of its own.
     */
    private void accessTokenSnapshot(RawRecord record, JsonNode node, String where, List<Event> events, List<DeadLetter> dead) {
        String dataset = AccessTokenSnapshots.DATASET;
        try {
            SnapshotDocument document = SnapshotDocument.read(node, where);
            List<AccessTokenListing> listings = new ArrayList<>();
            for (int i = 0; i < document.results().size(); i++) {
                try {
                    listings.add(AccessTokenListing.read(document.results().get(i), document.resultsPath() + "[" + i + "]"));
                } catch (ParseException e) {
                    dead.add(DeadLetter.of(record, dataset, e.getMessage()));
                }
            }
            events.addAll(AccessTokenSnapshots.changes(document.account(), Map.of(), listings, document.observedAt(), document.problems()));
        } catch (ParseException e) {
            dead.add(DeadLetter.of(record, dataset, e.getMessage()));
        } catch (RuntimeException e) {
            dead.add(DeadLetter.of(record, dataset, at(where) + "internal parser error: " + e));
        }
    }

    /** One source element's parse, which may find no event in it (a log line about something else). */
    private interface ElementParse {
        Optional<Event> parse(Problems problems) throws ParseException;
    }

    /** One element to its event, finished the same way for every source, or to a dead letter with the reason. */
    private void parseElement(RawRecord record, String where, String dataset, ElementParse parse,
                              List<Event> events, List<DeadLetter> dead) {
        try {
            Problems problems = new Problems();
            Optional<Event> parsed = parse.parse(problems);
            if (parsed.isEmpty()) return;
            events.add(EventFinishing.finish(parsed.get(), problems));
        } catch (ParseException e) {
            dead.add(DeadLetter.of(record, dataset, at(where) + e.getMessage()));
        } catch (RuntimeException e) {
            // A parser bug must cost one record, not the job; the reason keeps it findable.
            dead.add(DeadLetter.of(record, dataset, at(where) + "internal parser error: " + e));
        }
    }

    private static String at(String where) {
        return where.isEmpty() ? "" : where + ": ";
    }
}
