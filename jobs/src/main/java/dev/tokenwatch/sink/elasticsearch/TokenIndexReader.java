package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.inventory.TokenRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Reads the token inventory index back into {@link TokenRecord}s, rebuilt from each document's
 * {@code inventory_state}. Pages through every document in token id order with {@code search_after}, so an
 * inventory larger than the 10,000-hit window is read whole rather than cut off. No point in time is kept: while
 * the job updates documents each token is still read once (token id is the sort key and never changes), and a token
 * first indexed behind the cursor mid-read shows up in the next listing.
 */
public final class TokenIndexReader {
    private final RestClient rest;
    private final String index;
    private final int pageSize;

    public TokenIndexReader(RestClient rest, IndexNames names) {
        this(rest, names, 1000);
    }

    /** With a page size small enough for a test to read the samples' inventory in several pages. */
    TokenIndexReader(RestClient rest, IndexNames names, int pageSize) {
        this.rest = rest;
        this.index = names.tokensIndex();
        this.pageSize = pageSize;
    }

    /** Every token in the index, by id. A missing index is bad input (IllegalArgumentException) that says how it gets filled. */
    public List<TokenRecord> readAll() throws IOException {
        List<TokenRecord> tokens = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            JsonNode hits = page(after);
            for (JsonNode hit : hits) tokens.add(TokenRecord.fromState(hit.path("_source").path("inventory_state").toString()));
            if (hits.size() < pageSize) return tokens;
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    private JsonNode page(JsonNode after) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("size", pageSize);
        body.putArray("_source").add("inventory_state");
        body.putArray("sort").addObject().put("token.id", "asc");
        if (after != null) body.set("search_after", after);
        Request search = new Request("POST", "/" + index + "/_search");
        search.setJsonEntity(body.toString());
        try {
            String response = EntityUtils.toString(rest.performRequest(search).getEntity(), StandardCharsets.UTF_8);
            return Json.MAPPER.readTree(response).path("hits").path("hits");
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) throw e;
            throw new IllegalArgumentException("no token inventory index " + index + " at " + e.getResponse().getHost()
                    + ": 'run' or 'replay' with --es-url fills it");
        }
    }
}
