package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker Hub's access-token list ({@code GET /v2/access-tokens}) as events. The list is a state, not a log: it says
 * which tokens exist now, so events come from comparing two snapshots of it. A uuid new since the last snapshot was
 * created, one gone was deleted, one turned inactive was revoked, one whose {@code last_used} moved was used.
 *
 * <p>Event ids are derived from the token and the change, never from when it was noticed, so diffing the same two
 * snapshots again (a poller restarted from its checkpoint) gives the same ids and the order stage drops the repeats.
 */
public final class AccessTokenSnapshots {
    public static final String DATASET = "dockerhub.access_tokens";

    /** Within one token and one time, the order its lifecycle happened in: a use at the revocation time came first. */
    private static final List<String> LIFECYCLE = List.of(Actions.TOKEN_CREATED, Actions.TOKEN_USED, Actions.TOKEN_REVOKED, Actions.TOKEN_DELETED);
    private static final Comparator<Event> ORDER = Comparator.comparingLong((Event e) -> e.timestamp)
            .thenComparing(e -> e.tokenId)
            .thenComparingInt(e -> LIFECYCLE.indexOf(e.action));

    private AccessTokenSnapshots() {}

    /**
     * Whether a document is one page of the list: {@code results} with {@code active_count}, or with {@code count}
     * and {@code next} (the paging fields). Recognized by its keys, so a page whose {@code results} is not an array
     * is still this format and fails with that reason rather than as an unknown shape.
     */
    public static boolean isSnapshot(JsonNode node) {
        return node != null && node.isObject() && node.has("results")
                && (node.has("active_count") || node.has("count") && node.has("next"));
    }

    /**
     * Whether a document is a page in the wrapper a file or POST may give it in, {@code {"account": ..., "observed_at":
     * ..., "snapshot": {page}}} (see {@link SnapshotDocument}): a {@code snapshot} no native event has.
     */
    public static boolean isWrapped(JsonNode node) {
        return node != null && node.isObject() && node.has("snapshot") && !node.has("@timestamp");
    }

    /** The tokens of one page, every element or an exception naming the first bad one ({@code results[i].field} and its value). */
    public static List<AccessTokenListing> listings(JsonNode page) throws ParseException {
        JsonNode results = results(page, "");
        List<AccessTokenListing> listings = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) listings.add(AccessTokenListing.read(results.get(i), "results[" + i + "]"));
        return listings;
    }

    /** The page's {@code results} array; {@code where} is the page's path for the message ("" at the top). */
    static JsonNode results(JsonNode page, String where) throws ParseException {
        String path = where.isEmpty() ? "results" : where + ".results";
        if (!isSnapshot(page)) {
            throw new ParseException((where.isEmpty() ? "" : where + ": ")
                    + "not a Docker Hub access-token page: expected results[] with active_count, or with count and next");
        }
        JsonNode results = page.get("results");
        if (!results.isArray()) throw new ParseException(path + ": expected an array, got " + JsonFields.show(results.toString()));
        return results;
    }

    /** The previous snapshot as {@link #changes} takes it; of two listings of one uuid (paging moved under the poller) the later wins. */
    public static Map<String, AccessTokenListing> byUuid(List<AccessTokenListing> listings) {
        Map<String, AccessTokenListing> map = new LinkedHashMap<>();
        for (AccessTokenListing listing : listings) map.put(listing.uuid(), listing);
        return map;
    }

    /**
     * The events for what changed from {@code previous} to {@code current}, in event-time order (ties by token, then
     * lifecycle), each finished like every parsed event. Per token:
     * <ul>
     *   <li>new uuid: {@code token.created} at {@code created_at} with the creator's address and user agent, and
     *       {@code token.used} at {@code last_used} when set; already inactive: also {@code token.revoked}</li>
     *   <li>{@code last_used} later than before (or set for the first time): {@code token.used} at {@code last_used},
     *       without an address (the list does not say where from)</li>
     *   <li>active before, inactive now: {@code token.revoked}</li>
     *   <li>gone: {@code token.deleted}, described by its previous listing</li>
     * </ul>
     *
     * <p>A snapshot does not say when a token was revoked or deleted, only that it had been by {@code observedAt}: that
     * is the time these events get, the latest the change can have happened. It is moved to just after the token's
     * last known activity when a clock difference puts that later, because a use sorted after the revocation would
     * read as a revoked token being used. With no {@code observedAt} (a snapshot from a file that does not say when it
     * was taken) the time is just after the last known activity, and {@code tokenwatch.problems} says it is unknown.
     *
     * @param account the Docker Hub user the list belongs to ({@code user.name}); null when not known
     * @param previous the last snapshot by uuid (see {@link #byUuid}); empty for the first
     * @param observedAt when {@code current} was fetched; null when not known
     */
    public static List<Event> changes(String account, Map<String, AccessTokenListing> previous,
                                      List<AccessTokenListing> current, Instant observedAt) {
        return changes(account, previous, current, observedAt, new Problems());
    }

    /** {@link #changes(String, Map, List, Instant)} with problems of the whole document that every event carries. */
    static List<Event> changes(String account, Map<String, AccessTokenListing> previous, List<AccessTokenListing> current,
                               Instant observedAt, Problems documentProblems) {
        TokenEvents made = new TokenEvents(account, observedAt, documentProblems);
        Map<String, AccessTokenListing> now = byUuid(current);
        for (AccessTokenListing token : now.values()) {
            AccessTokenListing before = previous.get(token.uuid());
            if (before == null) {
                made.created(token);
                if (token.lastUsed() != null) made.used(token);
                if (!token.active()) made.revoked(token);
            } else {
                if (token.lastUsed() != null && (before.lastUsed() == null || token.lastUsed().isAfter(before.lastUsed()))) made.used(token);
                if (before.active() && !token.active()) made.revoked(token);
            }
        }
        for (AccessTokenListing gone : previous.values()) {
            if (!now.containsKey(gone.uuid())) made.deleted(gone);
        }
        List<Event> events = made.events();
        events.sort(ORDER);
        return events;
    }
}
