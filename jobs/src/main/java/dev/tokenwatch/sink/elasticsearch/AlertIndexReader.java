package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.inventory.TokenAlert;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.client.RestClient;

/**
 * Reads the alerts the job raised on a token from its monthly alerts indices ({@code <prefix>-alerts-*}): the ones
 * whose triggering event names the token ({@code token.id}), each at its latest version, as the index holds it.
 */
public final class AlertIndexReader {
    private final SearchAfterPages pages;
    private final String indices;

    public AlertIndexReader(RestClient rest, IndexNames names) {
        this.pages = new SearchAfterPages(rest, 1000);
        this.indices = names.alertsPattern();
    }

    /** Oldest first, in {@link TokenAlert#IN_TIME_ORDER} (alert id is the document id, so no two tie across pages). */
    public List<TokenAlert> raisedOn(String tokenId) throws IOException {
        ObjectNode search = Json.MAPPER.createObjectNode();
        search.putObject("query").putObject("term").put("token.id", tokenId);
        search.putArray("_source").add("@timestamp").add("alert.id").add("alert.severity").add("alert.reason").add("rule.id");
        ArrayNode sort = search.putArray("sort");
        sort.addObject().put("@timestamp", "asc");
        sort.addObject().put("alert.id", "asc");
        List<TokenAlert> alerts = new ArrayList<>();
        pages.forEach(indices, search, "alerts", hit -> alerts.add(alert(hit.path("_source"))));
        return alerts;
    }

    private static TokenAlert alert(JsonNode doc) {
        JsonNode alert = doc.path("alert");
        return new TokenAlert(Instant.parse(doc.path("@timestamp").asText()).toEpochMilli(), doc.path("rule").path("id").asText(null),
                alert.path("severity").asText(null), alert.path("id").asText(null), alert.path("reason").asText(null));
    }
}
