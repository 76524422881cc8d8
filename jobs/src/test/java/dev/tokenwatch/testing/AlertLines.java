package dev.tokenwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An alerts file (JSON Lines of alert versions) read as a user checks it. */
public final class AlertLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertLines() {}

    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** alert.id → "rule count reason last_seen" of its last version: what a store that upserts by id holds. */
    public static Map<String, String> latest(Path file) {
        Map<String, String> latest = new TreeMap<>();
        for (String line : lines(file)) {
            if (line.isBlank()) continue;
            try {
                JsonNode a = JSON.readTree(line);
                latest.put(a.path("alert").path("id").asText(), version(a));
            } catch (IOException e) {
                // The line being written right now; it is read whole on the next poll.
            }
        }
        return latest;
    }

    /** "rule count reason last_seen" of one alert version (a line, or a document in Elasticsearch): what tells versions apart. */
    public static String version(JsonNode alert) {
        return alert.path("rule").path("id").asText() + " x" + alert.path("alert").path("count").asText() + " "
                + alert.path("alert").path("reason").asText() + " last " + alert.path("alert").path("last_seen").asText();
    }
}
