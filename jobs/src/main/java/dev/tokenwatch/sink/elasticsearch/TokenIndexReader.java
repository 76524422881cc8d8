package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.inventory.TokenRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.client.RestClient;

/**
 * Reads the token inventory index back into {@link TokenRecord}s, rebuilt from each document's
 * {@code inventory_state}. Pages through every document in token id order ({@link SearchAfterPages}). No point in time
 * is kept: while the job updates documents each token is still read once (token id is the sort key and never changes), and a token
 * first indexed behind the cursor mid-read shows up in the next listing.
 */
public final class TokenIndexReader {
    private final SearchAfterPages pages;
    private final String index;

    public TokenIndexReader(RestClient rest, IndexNames names) {
        this(rest, names, 1000);
    }

    /** With a page size small enough for a test to read the samples' inventory in several pages. */
    TokenIndexReader(RestClient rest, IndexNames names, int pageSize) {
        this.pages = new SearchAfterPages(rest, pageSize);
        this.index = names.tokensIndex();
    }

    /** Every token in the index, by id. A missing index is bad input (IllegalArgumentException) that says how it gets filled. */
    public List<TokenRecord> readAll() throws IOException {
        ObjectNode search = Json.MAPPER.createObjectNode();
        search.putArray("_source").add("inventory_state");
        search.putArray("sort").addObject().put("token.id", "asc");
        List<TokenRecord> tokens = new ArrayList<>();
        pages.forEach(index, search, "token inventory",
                hit -> tokens.add(TokenRecord.fromState(hit.path("_source").path("inventory_state").toString())));
        return tokens;
    }
}
