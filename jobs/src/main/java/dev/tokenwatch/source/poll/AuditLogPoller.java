package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An audit log read through an API that pages entries within a time window. Each poll asks for everything since the
 * cursor's time, orders it oldest first and returns what the cursor has not taken; the API's own order and page
 * boundaries (which shift as new entries arrive) do not matter.
 */
abstract class AuditLogPoller implements Poller {
    static final int PAGE_SIZE = 100;
    /** A bound on one poll, so a first start on a years-old log cannot hold everything in memory at once. */
    static final int MAX_PAGES = 200;

    /** Page {@code page} (from 1) of the entries at or after {@code from}, in whatever order the API gives them. */
    abstract List<JsonNode> page(Instant from, Instant now, int page, PollClient client) throws IOException, InterruptedException;

    /** Every entry the API has at or after {@code from}: pages until a short one. */
    private List<JsonNode> entriesSince(Instant from, Instant now, PollClient client) throws IOException, InterruptedException {
        List<JsonNode> entries = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            List<JsonNode> got = page(from, now, page, client);
            entries.addAll(got);
            if (got.size() < PAGE_SIZE) break;
        }
        return entries;
    }

    /** The entry's time, or null when it has none the poller can read (the parse stage then says why). */
    abstract Instant time(JsonNode entry);

    /** The entry's identity within its time; the parse stage derives the event id from the same thing. */
    abstract String id(JsonNode entry);

    @Override
    public ObjectNode startCursor(Instant since) {
        return TimeCursor.start(since);
    }

    @Override
    public List<Polled> poll(ObjectNode cursor, PollClient client, Instant now) throws IOException, InterruptedException {
        record Entry(JsonNode json, Instant time, String id) {}
        List<Entry> entries = new ArrayList<>();
        List<Polled> unreadable = new ArrayList<>();
        for (JsonNode json : entriesSince(TimeCursor.time(cursor), now, client)) {
            Instant time = time(json);
            // Without a time there is no place in the log: handed on (to be dead-lettered with its reason), not taken.
            if (time == null) unreadable.add(new Polled(json.toString(), Polled.CursorStep.NONE));
            else entries.add(new Entry(json, time, id(json)));
        }
        entries.sort(Comparator.comparing(Entry::time).thenComparing(Entry::id));
        List<Polled> polled = new ArrayList<>(unreadable);
        Set<String> thisPoll = new HashSet<>();
        for (Entry e : entries) {
            // An entry can come twice in one poll when new entries shift it onto the next page while paging.
            if (!TimeCursor.taken(cursor, e.time(), e.id()) && thisPoll.add(e.time() + " " + e.id())) polled.add(new Polled(e.json().toString(), TimeCursor.step(e.time(), e.id())));
        }
        return polled;
    }
}
