package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.enrich.IpAddresses;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Typed access to input fields with errors that say which field held which value. */
final class JsonFields {
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    static final int MAX_FIELD_CHARS = 8192;
    /** An address is at most a few dozen characters; beyond this it is garbage not worth indexing. */
    static final int MAX_ADDRESS_CHARS = 256;

    private JsonFields() {}

    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) return null;
            current = current.get(part);
        }
        return current == null || current.isNull() ? null : current;
    }

    static String text(JsonNode node, String path) throws ParseException {
        return textValue(path, at(node, path));
    }

    static String textValue(String path, JsonNode value) throws ParseException {
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) {
            throw new ParseException(path + ": expected a string, got " + value.getNodeType().name().toLowerCase() + " " + show(value.toString()));
        }
        String s = value.asText();
        if (s.length() > MAX_FIELD_CHARS) {
            throw new ParseException(path + ": value is " + s.length() + " characters, more than " + MAX_FIELD_CHARS + ": " + show(s));
        }
        return s.isEmpty() ? null : s;
    }

    static String requiredText(JsonNode node, String path) throws ParseException {
        String s = text(node, path);
        if (s == null) throw new ParseException(path + ": missing");
        return s;
    }

    static long timestamp(JsonNode node, String path) throws ParseException {
        return timestampValue(path, at(node, path));
    }

    static long timestampValue(String path, JsonNode value) throws ParseException {
        return timestampText(path, textValue(path, value));
    }

    /** An RFC 3339 time given as text (null: missing), held to the same range as every other time. */
    static long timestampText(String path, String s) throws ParseException {
        if (s == null) throw new ParseException(path + ": missing");
        long millis = Rfc3339.epochMillis(s);
        // The fraction cut to milliseconds changes no verdict: both ends of the range are whole milliseconds.
        if (millis != Rfc3339.DECLINED) return inRange(path, s, Instant.ofEpochMilli(millis));
        Instant t;
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParseException(path + ": not an RFC 3339 time with zone: " + show(s));
        }
        return inRange(path, s, t);
    }

    /** A time from seconds since the epoch, held to the same range. */
    static long epochSeconds(String path, long seconds) throws ParseException {
        Instant t = Instant.ofEpochSecond(seconds);
        return inRange(path, String.valueOf(seconds), t);
    }

    /** A time a format parsed itself, held to the same range; {@code written} is the input's text, for the error. */
    static long inRange(String path, String written, Instant t) throws ParseException {
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
            throw new ParseException(path + ": " + show(written) + " is outside " + EARLIEST + " .. " + LATEST);
        }
        return t.toEpochMilli();
    }

    /**
     * Sets {@code source.ip} from a client address, with or without port. When the text is not an IP
     * address, it is kept (secrets fingerprinted, cut to {@link #MAX_ADDRESS_CHARS}) in
     * {@code source.address} with a problem instead: a client writes its own X-Forwarded-For, so
     * rejecting the event would let it hide whatever it did behind a garbage address.
     *
     * @param raw the input's text; see {@link #rawText(JsonNode)}
     */
    static void sourceAddress(Event event, String path, String raw, Problems problems) {
        if (raw == null || raw.isBlank()) return;
        String bare = IpAddresses.stripPort(raw.trim());
        if (IpAddresses.parse(bare).isPresent()) {
            event.sourceIp = bare;
            return;
        }
        problems.add(path + ": not an IP address: " + show(raw));
        String kept = Secrets.scrub(raw.trim()); // before cutting: a cut secret no longer matches the patterns
        event.sourceAddress = kept.length() > MAX_ADDRESS_CHARS ? kept.substring(0, MAX_ADDRESS_CHARS) : kept;
    }

    /** A value as the text it was given in: a string's content, anything else as JSON (42, ["a"]); null for none. */
    static String rawText(JsonNode value) {
        if (value == null || value.isNull()) return null;
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** A value quoted for an error message: secrets fingerprinted, long values cut. */
    static String show(String value) {
        String v = Secrets.scrub(value);
        return "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'";
    }
}
