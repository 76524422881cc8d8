package dev.tokenwatch.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes events as nested ECS JSON and reads the native format (nested objects or dotted keys). */
public final class EventJson {
    private EventJson() {}

    public static ObjectNode toNode(Event event) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        for (EventField field : EventField.values()) {
            Object value = field.get(event);
            if (value != null) put(root, field.path, value);
        }
        return root;
    }

    public static String toJson(Event event) {
        return toNode(event).toString();
    }

    /** Puts a value at a dotted path, creating the objects on the way ({@code @timestamp} stays one key). */
    public static void put(ObjectNode root, String path, Object value) {
        String[] parts = path.startsWith("@") ? new String[] {path} : path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        String leaf = parts[parts.length - 1];
        if (value instanceof String s) node.put(leaf, s);
        else if (value instanceof Long l) node.put(leaf, l);
        else if (value instanceof Integer n) node.put(leaf, n);
        else if (value instanceof Double d) node.put(leaf, d);
        else if (value instanceof Boolean b) node.put(leaf, b);
        else if (value instanceof Instant t) node.put(leaf, t.toString());
        else if (value instanceof String[] arr) {
            ArrayNode array = node.putArray(leaf);
            for (String s : arr) array.add(s);
        } else if (value instanceof Iterable<?> items) {
            ArrayNode array = node.putArray(leaf);
            for (Object o : items) array.add(String.valueOf(o));
        } else if (value instanceof JsonNode j) node.set(leaf, j);
        else throw new IllegalArgumentException("unsupported value type " + value.getClass() + " at " + path);
    }

    /** Flattens nested objects into dotted paths; arrays and scalars are leaves. */
    public static Map<String, JsonNode> flatten(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }
}
