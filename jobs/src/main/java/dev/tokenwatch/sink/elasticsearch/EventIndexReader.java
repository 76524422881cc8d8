package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.inventory.TokenUses;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.elasticsearch.client.RestClient;

/**
 * Reads the job's enriched events back from its daily events indices ({@code <prefix>-events-*}), in event time order,
 * for the token inventory's commands over the index. Each document is the event's native ECS JSON
 * ({@link EsDocuments#event}), so the job's own parser rebuilds it, enrichment included; a document it refuses goes to
 * the dead letters, named by index and id. Pages are sorted by {@code @timestamp} then {@code event.id}, which is also
 * the document id, so no two documents tie across a page boundary; the events are returned in
 * {@link Event#IN_TIME_ORDER}. Events indexed while it reads may or may not be among them.
 */
public final class EventIndexReader {
    private final SearchAfterPages pages;
    private final String indices;
    private final EventParser parser = new EventParser();

    public EventIndexReader(RestClient rest, IndexNames names) {
        this(rest, names, 1000);
    }

    /** With a page size small enough for a test to read a token's events in several pages. */
    EventIndexReader(RestClient rest, IndexNames names, int pageSize) {
        this.pages = new SearchAfterPages(rest, pageSize);
        this.indices = names.eventsPattern();
    }

    /**
     * The events naming the token, and every removal of a member from the organization: one concerns every token of
     * the member ({@link TokenUses#isOrganizationRemoval}), and which member owns the token only its events tell. There
     * are few of them, so all are read rather than asking twice.
     */
    public List<Event> ofToken(String tokenId, Consumer<DeadLetter> deadLetters) throws IOException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode should = bool.putArray("should");
        should.addObject().putObject("term").put("token.id", tokenId);
        should.addObject().putObject("term").put("event.action", Actions.MEMBER_REMOVE);
        bool.put("minimum_should_match", 1);
        return read(query, e -> tokenId.equals(e.tokenId) || TokenUses.isOrganizationRemoval(e), deadLetters);
    }

    /** Every event at or after {@code fromMillis}, to the newest. */
    public List<Event> from(long fromMillis, Consumer<DeadLetter> deadLetters) throws IOException {
        ObjectNode query = Json.MAPPER.createObjectNode();
        query.putObject("range").putObject("@timestamp").put("gte", fromMillis).put("format", "epoch_millis");
        return read(query, e -> true, deadLetters);
    }

    private List<Event> read(ObjectNode query, Predicate<Event> wanted, Consumer<DeadLetter> deadLetters) throws IOException {
        ObjectNode search = Json.MAPPER.createObjectNode();
        search.set("query", query);
        ArrayNode sort = search.putArray("sort");
        sort.addObject().put("@timestamp", "asc");
        sort.addObject().putObject("event.id").put("order", "asc").put("unmapped_type", "keyword");
        List<Event> events = new ArrayList<>();
        pages.forEach(indices, search, "events", hit -> {
            RawRecord document = RawRecord.of(hit.path("_index").asText() + "/" + hit.path("_id").asText(), 1, hit.path("_source").toString());
            ParseOutcome parsed = parser.parse(document);
            parsed.events().stream().filter(wanted).forEach(events::add);
            parsed.deadLetters().forEach(deadLetters);
        });
        events.sort(Event.IN_TIME_ORDER);
        return events;
    }
}
