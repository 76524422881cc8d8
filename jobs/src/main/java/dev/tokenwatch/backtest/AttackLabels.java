package dev.tokenwatch.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code labels.jsonl}: one planted attack per line,
 * {@code {"attack", "rule", "description", "event_ids": [...], "needs_token_id"}}.
 */
public final class AttackLabels {
    private AttackLabels() {}

    /** Throws {@link IllegalArgumentException} naming the file, line and field of the first bad label. */
    public static List<PlantedAttack> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("labels file not found: " + file);
        List<PlantedAttack> out = new ArrayList<>();
        Set<String> attackIds = new LinkedHashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                String where = file + ":" + number + ": ";
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(where + "not a JSON object: " + e.getOriginalMessage());
                }
                String id = text(node, "attack", where);
                if (!attackIds.add(id)) throw new IllegalArgumentException(where + "attack: '" + id + "' is listed twice");
                JsonNode ids = node.get("event_ids");
                if (ids == null || !ids.isArray() || ids.isEmpty()) {
                    throw new IllegalArgumentException(where + "event_ids: expected a non-empty array of event ids, got " + ids);
                }
                Set<String> eventIds = new LinkedHashSet<>();
                ids.forEach(i -> eventIds.add(i.asText()));
                JsonNode needs = node.get("needs_token_id");
                if (needs != null && !needs.isBoolean()) throw new IllegalArgumentException(where + "needs_token_id: expected true or false, got " + needs);
                out.add(new PlantedAttack(id, text(node, "rule", where), node.path("description").asText(""), Set.copyOf(eventIds),
                        needs != null && needs.booleanValue()));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + field + ": expected a non-empty string, got " + value);
        }
        return value.asText();
    }
}
