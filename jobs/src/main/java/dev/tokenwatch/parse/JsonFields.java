package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.enrich.IpAddresses;
import dev.tokenwatch.event.Secrets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Typed access to input fields with errors that say which field held which value. */
final class JsonFields {
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final int MAX_FIELD_CHARS = 8192;

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
            throw new ParseException(path + ": value is " + s.length() + " characters, more than " + MAX_FIELD_CHARS);
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
        String s = textValue(path, value);
        if (s == null) throw new ParseException(path + ": missing");
        Instant t;
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParseException(path + ": not an RFC 3339 time with zone: " + show(s));
        }
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
            throw new ParseException(path + ": " + show(s) + " is outside " + EARLIEST + " .. " + LATEST);
        }
        return t.toEpochMilli();
    }

    /** A client address, with or without port; returns the bare address or fails naming the value. */
    static String ip(String path, String value) throws ParseException {
        if (value == null) return null;
        String bare = IpAddresses.stripPort(value.trim());
        if (IpAddresses.parse(bare).isEmpty()) {
            throw new ParseException(path + ": not an IP address: " + show(value));
        }
        return bare;
    }

    /** A value quoted for an error message: secrets fingerprinted, long values cut. */
    static String show(String value) {
        String v = Secrets.scrub(value);
        return "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'";
    }
}
