package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.event.EventJson;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Tokenwatch's own format: the event schema itself, nested objects or dotted keys. */
final class NativeFormat implements InputFormat {
    static final String DATASET = "tokenwatch.native";

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public boolean recognizes(JsonNode element) {
        return element.has("@timestamp") && (element.has("event") || element.has("event.action"));
    }

    /** Without these the record is not an event; every other field's bad value is only a problem. */
    private static final Set<EventField> ESSENTIAL = EnumSet.of(EventField.TIMESTAMP, EventField.EVENT_ACTION);
    private static final Set<String> OUTCOMES = Set.of("success", "failure", "unknown");

    @Override
    public Event parse(JsonNode element, Problems problems) throws ParseException {
        Event event = new Event();
        JsonFields.timestamp(element, "@timestamp"); // "@timestamp": null or {} must not become 1970
        String rawAddress = null;
        for (Map.Entry<String, JsonNode> leaf : EventJson.flatten(element).entrySet()) {
            EventField field = EventField.byPath(leaf.getKey()).orElse(null);
            JsonNode value = leaf.getValue();
            if (field == null || value.isNull()) continue;
            if (field == EventField.SOURCE_IP) {
                rawAddress = JsonFields.rawText(value); // checked below, kept as source.address if not an IP
            } else if (ESSENTIAL.contains(field)) {
                field.set(event, convert(field, value));
            } else {
                field.set(event, problems.tolerate(() -> convert(field, value)));
            }
        }
        if (event.action == null) throw new ParseException("event.action: missing");
        Actions.assign(event, event.action, event.originalAction);
        if (event.outcome == null) {
            event.outcome = "success";
        } else if (!OUTCOMES.contains(event.outcome)) {
            problems.add("event.outcome: expected success, failure or unknown, got " + JsonFields.show(event.outcome));
            event.outcome = "unknown";
        }
        JsonFields.sourceAddress(event, "source.ip", rawAddress, problems);
        if (event.dataset == null) event.dataset = DATASET;
        if (event.id == null) event.id = InputFormat.derivedId(DATASET, element);
        return event;
    }

    private static Object convert(EventField field, JsonNode node) throws ParseException {
        if (field.type == Instant.class) {
            return Instant.ofEpochMilli(JsonFields.timestampValue(field.path, node));
        }
        if (field.type == String.class) {
            return JsonFields.textValue(field.path, node);
        }
        if (field.type == String[].class) {
            if (!node.isArray()) throw new ParseException(field.path + ": expected an array of strings, got " + JsonFields.show(node.toString()));
            String[] out = new String[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode item = node.get(i);
                if (!item.isTextual()) throw new ParseException(field.path + "[" + i + "]: expected a string, got " + JsonFields.show(item.toString()));
                out[i] = item.asText();
                if (out[i].length() > JsonFields.MAX_FIELD_CHARS) {
                    throw new ParseException(field.path + "[" + i + "]: value is " + out[i].length() + " characters, more than "
                            + JsonFields.MAX_FIELD_CHARS + ": " + JsonFields.show(out[i]));
                }
            }
            return out;
        }
        if (field.type == Long.class) {
            if (!node.canConvertToLong() || !node.isIntegralNumber()) throw new ParseException(field.path + ": expected an integer, got " + JsonFields.show(node.toString()));
            return node.asLong();
        }
        if (field.type == Double.class) {
            if (!node.isNumber()) throw new ParseException(field.path + ": expected a number, got " + JsonFields.show(node.toString()));
            return node.asDouble();
        }
        if (field.type == Boolean.class) {
            if (!node.isBoolean()) throw new ParseException(field.path + ": expected true or false, got " + JsonFields.show(node.toString()));
            return node.asBoolean();
        }
        throw new IllegalStateException("no conversion for " + field);
    }

}
