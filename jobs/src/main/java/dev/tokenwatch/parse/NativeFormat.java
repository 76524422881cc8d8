package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.event.EventJson;
import java.time.Instant;
import java.util.Map;

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

    @Override
    public Event parse(JsonNode element) throws ParseException {
        Event event = new Event();
        JsonFields.timestamp(element, "@timestamp"); // "@timestamp": null or {} must not become 1970
        for (Map.Entry<String, JsonNode> leaf : EventJson.flatten(element).entrySet()) {
            EventField field = EventField.byPath(leaf.getKey()).orElse(null);
            if (field == null || leaf.getValue().isNull()) continue;
            field.set(event, convert(field, leaf.getValue()));
        }
        if (event.action == null) throw new ParseException("event.action: missing");
        Actions.assign(event, event.action, event.originalAction);
        if (event.outcome == null) event.outcome = "success";
        else if (!event.outcome.equals("success") && !event.outcome.equals("failure") && !event.outcome.equals("unknown")) {
            throw new ParseException("event.outcome: expected success, failure or unknown, got " + JsonFields.show(event.outcome));
        }
        event.sourceIp = JsonFields.ip("source.ip", event.sourceIp);
        if (event.dataset == null) event.dataset = DATASET;
        if (event.id == null) event.id = InputFormat.derivedId(DATASET, element);
        return event;
    }

    private static Object convert(EventField field, JsonNode node) throws ParseException {
        if (field == EventField.TIMESTAMP) {
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
        throw new IllegalStateException("no conversion for " + field);
    }

}
