package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Every hit of one search, read page by page with {@code search_after}, so a result larger than the 10,000-hit window
 * is read whole rather than cut off. The sort must end in a key that tells any two documents apart, or documents that
 * tie across a page boundary would be skipped. No point in time is kept: each reader says what that means for
 * documents written while it reads.
 */
final class SearchAfterPages {
    private final RestClient rest;
    private final int pageSize;

    SearchAfterPages(RestClient rest, int pageSize) {
        this.rest = rest;
        this.pageSize = pageSize;
    }

    /**
     * Hands each hit (with its {@code _index}, {@code _id}, {@code _source} and {@code sort}) to {@code hit}, in sort order.
     *
     * @param search the request body without size and search_after: query, sort, _source
     * @param what what the index holds, for the error when it does not exist (a pattern that matches no index gives no
     *             hits instead)
     */
    void forEach(String index, ObjectNode search, String what, Consumer<JsonNode> hit) throws IOException {
        JsonNode after = null;
        while (true) {
            ArrayNode hits = page(index, search, after, what);
            hits.forEach(hit);
            if (hits.size() < pageSize) return;
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    private ArrayNode page(String index, ObjectNode search, JsonNode after, String what) throws IOException {
        ObjectNode body = search.deepCopy().put("size", pageSize);
        if (after != null) body.set("search_after", after);
        Request request = new Request("POST", "/" + index + "/_search");
        request.setJsonEntity(body.toString());
        try {
            String response = EntityUtils.toString(rest.performRequest(request).getEntity(), StandardCharsets.UTF_8);
            JsonNode hits = Json.MAPPER.readTree(response).path("hits").path("hits");
            return hits instanceof ArrayNode array ? array : Json.MAPPER.createArrayNode();
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) throw e;
            throw new IllegalArgumentException("no " + what + " index " + index + " at " + e.getResponse().getHost()
                    + ": 'run' or 'replay' with --es-url fills it");
        }
    }
}
