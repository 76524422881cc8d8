package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an append-only file of alert versions and keeps the final version of each alert (highest
 * count), ordered by event time, rule and id: the same input gives the same bytes whatever order the
 * parallel job emitted them in.
 */
final class AlertFile {
    private AlertFile() {}

    static List<JsonNode> finalVersions(Path file) throws IOException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            JsonNode alert = Json.MAPPER.readTree(line);
            String id = alert.path("alert").path("id").asText();
            JsonNode previous = latest.get(id);
            if (previous == null || count(alert) >= count(previous)) latest.put(id, alert);
        }
        List<JsonNode> out = new ArrayList<>(latest.values());
        out.sort(Comparator.comparing((JsonNode a) -> a.path("@timestamp").asText())
                .thenComparing(a -> a.path("rule").path("id").asText())
                .thenComparing(a -> a.path("alert").path("id").asText()));
        return out;
    }

    private static long count(JsonNode alert) {
        return alert.path("alert").path("count").asLong();
    }
}
