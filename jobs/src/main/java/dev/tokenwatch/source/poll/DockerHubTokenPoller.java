package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.AccessTokenListing;
import dev.tokenwatch.parse.AccessTokenSnapshots;
import dev.tokenwatch.parse.ParseException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed-in user's Docker Hub access tokens, {@code GET /v2/access-tokens} (all pages each poll), diffed against
 * the previous snapshot, which is the cursor: created, used, revoked and deleted become token events (see
 * {@link AccessTokenSnapshots#changes}). Each event moves its token in the cursor to the state it tells, so a restore
 * between two events diffs again only what was not yet taken.
 */
final class DockerHubTokenPoller implements Poller {
    private static final String TOKENS = "tokens";
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 100;

    private final String account;
    private final DockerHubSession session;

    DockerHubTokenPoller(String account, DockerHubSession session) {
        this.account = account;
        this.session = session;
    }

    @Override
    public String name() {
        return "dockerhub-tokens:" + account;
    }

    /** No previous snapshot: the first poll tells every listed token as created (at its creation time) and last used. */
    @Override
    public ObjectNode startCursor(Instant since) {
        ObjectNode cursor = Json.MAPPER.createObjectNode();
        cursor.putObject(TOKENS);
        return cursor;
    }

    @Override
    public List<Polled> poll(ObjectNode cursor, PollClient client, Instant now) throws IOException, InterruptedException {
        Map<String, AccessTokenListing> previous = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cursor.path(TOKENS).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            previous.put(e.getKey(), AccessTokenListing.fromJson(e.getValue()));
        }
        List<Polled> polled = new ArrayList<>();
        List<AccessTokenListing> current = new ArrayList<>();
        for (JsonNode element : listed(client)) {
            try {
                current.add(AccessTokenListing.read(element, "results[0]"));
            } catch (ParseException e) {
                // Handed on as a one-token page, so the parse stage dead-letters it with its reason; its previous
                // listing is kept, since leaving it out of the diff would read as a deletion.
                ObjectNode page = Json.MAPPER.createObjectNode().put("count", 1).putNull("next");
                page.putArray("results").add(element);
                polled.add(new Polled(page.toString(), Polled.CursorStep.NONE));
                AccessTokenListing before = previous.get(element.path("uuid").asText());
                if (before != null) current.add(before);
            }
        }
        Map<String, AccessTokenListing> listedNow = AccessTokenSnapshots.byUuid(current);
        List<Event> events = AccessTokenSnapshots.changes(account, previous, current, now);
        Map<String, Integer> lastEventOf = new HashMap<>();
        for (int i = 0; i < events.size(); i++) lastEventOf.put(events.get(i).tokenId, i);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            AccessTokenListing listing = listedNow.get(event.tokenId);
            polled.add(new Polled(EventJson.toJson(event), lastEventOf.get(event.tokenId) == i
                    ? settle(event.tokenId, listing) : partly(event, listing)));
        }
        // Changes no event tells (a new label, new scopes) still belong in the next diff's baseline.
        ObjectNode whole = Json.MAPPER.createObjectNode();
        listedNow.forEach((uuid, listing) -> whole.set(uuid, listing.toJson()));
        if (!whole.equals(cursor.path(TOKENS))) polled.add(new Polled(null, c -> c.set(TOKENS, whole.deepCopy())));
        return polled;
    }

    /**
     * The token as of this event, for a restore before its later events: created (active, unused), then used, then
     * revoked. Without it a restore would tell the token's earlier events again.
     */
    private static Polled.CursorStep partly(Event event, AccessTokenListing listing) {
        return cursor -> {
            ObjectNode tokens = (ObjectNode) cursor.get(TOKENS);
            AccessTokenListing before = tokens.has(event.tokenId) ? AccessTokenListing.fromJson(tokens.get(event.tokenId))
                    : new AccessTokenListing(listing.uuid(), listing.label(), listing.generatedBy(), true, listing.scopes(),
                            listing.createdAt(), null, listing.expiresAt(), listing.creatorIp(), listing.creatorUserAgent());
            boolean active = before.active() && !event.action.equals(Actions.TOKEN_REVOKED);
            Instant lastUsed = event.action.equals(Actions.TOKEN_USED) ? listing.lastUsed() : before.lastUsed();
            tokens.set(event.tokenId, new AccessTokenListing(before.uuid(), before.label(), before.generatedBy(), active, before.scopes(),
                    before.createdAt(), lastUsed, before.expiresAt(), before.creatorIp(), before.creatorUserAgent()).toJson());
        };
    }

    /** The token's listing as of now into the cursor, or out of it when the token is gone. */
    private static Polled.CursorStep settle(String uuid, AccessTokenListing listing) {
        return cursor -> {
            ObjectNode tokens = (ObjectNode) cursor.get(TOKENS);
            if (listing == null) tokens.remove(uuid);
            else tokens.set(uuid, listing.toJson());
        };
    }

    /** Every element of every page, following the pages until one says there is no next. */
    private List<JsonNode> listed(PollClient client) throws IOException, InterruptedException {
        List<JsonNode> elements = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            URI uri = session.base().resolve("/v2/access-tokens?page=" + page + "&page_size=" + PAGE_SIZE);
            JsonNode body = session.get(uri, client).body();
            JsonNode results = body.path("results");
            if (!results.isArray()) throw new PollException(PollClient.describe("GET", uri) + ": no \"results\" array in the answer", 200);
            results.forEach(elements::add);
            if (body.path("next").isNull() || body.path("next").isMissingNode() || results.isEmpty()) break;
        }
        return elements;
    }
}
