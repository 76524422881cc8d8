package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A {@code _bulk} response split by what happens next to each action. */
public final class BulkResult {
    public record Failure(EsAction action, int status, String reason) {}

    public final List<EsAction> done = new ArrayList<>();
    public final List<EsAction> retry = new ArrayList<>();
    public final List<Failure> deadLetters = new ArrayList<>();
    public final List<Failure> fatal = new ArrayList<>();

    /** Items answer in the order the actions were sent. */
    public static BulkResult of(List<EsAction> sent, String responseBody, RetryPolicy policy) throws IOException {
        JsonNode root = Json.MAPPER.readTree(responseBody);
        JsonNode items = root.path("items");
        if (!items.isArray() || items.size() != sent.size()) {
            throw new IOException("bulk response has " + items.size() + " items for " + sent.size() + " actions");
        }
        BulkResult r = new BulkResult();
        for (int i = 0; i < sent.size(); i++) {
            JsonNode item = items.get(i).elements().next(); // {"index": {...}} or {"update": {...}}
            int status = item.path("status").asInt();
            EsAction action = sent.get(i);
            switch (policy.forItem(status)) {
                case DONE -> r.done.add(action);
                case RETRY -> r.retry.add(action);
                case DEAD_LETTER -> r.deadLetters.add(new Failure(action, status, reason(item.path("error"))));
                case FATAL -> r.fatal.add(new Failure(action, status, reason(item.path("error"))));
            }
        }
        return r;
    }

    /** "type: reason (caused by type: reason)", as Elasticsearch explains it. */
    static String reason(JsonNode error) {
        if (error.isMissingNode() || error.isNull()) return "unknown error";
        if (error.isTextual()) return error.asText();
        StringBuilder b = new StringBuilder(error.path("type").asText("error")).append(": ").append(error.path("reason").asText());
        JsonNode cause = error.path("caused_by");
        if (cause.isObject()) b.append(" (caused by ").append(cause.path("type").asText()).append(": ").append(cause.path("reason").asText()).append(')');
        return b.toString();
    }
}
