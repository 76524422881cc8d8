package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.event.Secrets;

/**
 * Input the pipeline could not use, kept with the reason so nothing vanishes. The raw text is
 * scrubbed of secrets and cut to {@link #MAX_RAW_CHARS} characters.
 */
public record DeadLetter(String origin, long line, String format, String reason, String raw, boolean rawTruncated) {
    public static final int MAX_RAW_CHARS = 4096;

    public static DeadLetter of(RawRecord record, String format, String reason) {
        String text = record.text() == null ? "" : record.text();
        String scrubbed = Secrets.scrub(text); // before cutting: a cut secret no longer matches the patterns
        boolean truncated = scrubbed.length() > MAX_RAW_CHARS;
        String raw = truncated ? scrubbed.substring(0, MAX_RAW_CHARS) : scrubbed;
        return new DeadLetter(record.origin(), record.line(), format, Secrets.scrub(reason), raw, truncated);
    }

    /** An event already parsed that the pipeline turned away (late, dated ahead): its JSON as the raw text. */
    public static DeadLetter ofEvent(Event event, String reason) {
        return of(RawRecord.of("event " + event.id, 0, EventJson.toJson(event)), event.dataset, reason);
    }

    public String toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("origin", origin);
        node.put("line", line);
        node.put("format", format);
        node.put("reason", reason);
        node.put("raw", raw);
        node.put("raw_truncated", rawTruncated);
        return node.toString();
    }
}
