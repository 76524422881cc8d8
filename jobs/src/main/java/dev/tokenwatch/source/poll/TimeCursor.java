package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.time.Instant;

/**
 * The position in a time-ordered log: the newest entry time taken and the ids of the entries taken at that time. Logs
 * are asked "since that time" (inclusive), so entries sharing the newest time are neither lost nor taken twice, even
 * when a restart falls between two of them.
 */
final class TimeCursor {
    private static final String TIME = "time";
    private static final String IDS = "ids";

    private TimeCursor() {}

    static ObjectNode start(Instant since) {
        ObjectNode cursor = Json.MAPPER.createObjectNode().put(TIME, since.toString());
        cursor.putArray(IDS);
        return cursor;
    }

    static Instant time(ObjectNode cursor) {
        return Instant.parse(cursor.path(TIME).asText());
    }

    static boolean taken(ObjectNode cursor, Instant time, String id) {
        int order = time.compareTo(time(cursor));
        if (order != 0) return order < 0;
        for (JsonNode seen : cursor.path(IDS)) if (seen.asText().equals(id)) return true;
        return false;
    }

    static Polled.CursorStep step(Instant time, String id) {
        return cursor -> {
            if (time.isAfter(time(cursor))) {
                cursor.put(TIME, time.toString());
                cursor.putArray(IDS).add(id);
            } else if (time.equals(time(cursor))) {
                ((ArrayNode) cursor.withArray(IDS)).add(id);
            }
        };
    }
}
