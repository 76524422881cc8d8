package dev.tokenwatch.source.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.testing.TestRules;
import dev.tokenwatch.sink.chat.SecretValue;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access-token list polled and diffed: what each snapshot change becomes, through the job's own parser. */
class DockerHubTokenPollerTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final PollClient client = new PollClient(new PollClient.Settings(Duration.ofSeconds(5), 3, Duration.ofMillis(10),
            Duration.ofSeconds(5)), PollStats.NONE, Clock.systemUTC());
    private FakeAuditApis apis;
    private DockerHubTokenPoller poller;

    @BeforeEach
    void start() throws Exception {
        apis = new FakeAuditApis();
        poller = new DockerHubTokenPoller("jdoe", new DockerHubSession(apis.base(),
                new SecretValue(FakeAuditApis.HUB_USER), new SecretValue(FakeAuditApis.HUB_TOKEN)));
        // The documented example page: a manual token used yesterday, an auto (Docker Desktop) one never used.
        JsonNode example = Json.MAPPER.readTree(Files.readString(TestRules.repoRoot().resolveSibling("shared/formats/dockerhub-access-tokens.json")));
        example.get("results").forEach(t -> apis.accessTokens.add((ObjectNode) t.deepCopy()));
    }

    @AfterEach
    void stop() {
        apis.close();
    }

    private static List<Event> parse(List<Polled> polled) {
        List<Event> events = new ArrayList<>();
        for (Polled p : polled) {
            if (p.text() == null) continue;
            ParseOutcome outcome = new EventParser().parse(RawRecord.of("poll:test", 1, p.text()));
            assertTrue(outcome.deadLetters().isEmpty(), () -> "dead letter: " + outcome.deadLetters());
            events.addAll(outcome.events());
        }
        return events;
    }

    private static List<String> actions(List<Event> events) {
        return events.stream().map(e -> e.action + " " + e.tokenId.substring(0, 8) + " " + e.tokenKind).toList();
    }

    private static ObjectNode after(ObjectNode cursor, List<Polled> polled) {
        ObjectNode moved = cursor.deepCopy();
        polled.forEach(p -> p.step().apply(moved));
        return moved;
    }

    private ObjectNode token(int i) {
        return (ObjectNode) apis.accessTokens.get(i);
    }

    @Test
    void successiveSnapshotsBecomeCreatedUsedRevokedAndDeletedEvents() throws Exception {
        ObjectNode cursor = poller.startCursor(NOW);
        List<Polled> first = poller.poll(cursor, client, NOW);
        assertEquals(List.of("token.created b30bbf97 personal", "token.created 6d1a0e3c auto", "token.used b30bbf97 personal"),
                actions(parse(first)));
        Event created = parse(first).get(0);
        assertEquals("jdoe", created.userName);
        assertEquals("203.0.113.24", created.sourceIp);
        assertEquals(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli(), created.timestamp);
        cursor = after(cursor, first);
        assertTrue(poller.poll(cursor, client, NOW.plusSeconds(60)).stream().noneMatch(p -> p.text() != null), "no change, no event");

        token(0).put("is_active", false);
        token(1).put("last_used", "2026-11-21T12:00:30Z");
        List<Event> second = parse(poller.poll(cursor, client, NOW.plusSeconds(120)));
        assertEquals(List.of("token.used 6d1a0e3c auto", "token.revoked b30bbf97 personal"), actions(second));
        assertEquals(NOW.plusSeconds(120).toEpochMilli(), second.get(1).timestamp, "a revocation is dated when the poll saw it");
        cursor = after(cursor, poller.poll(cursor, client, NOW.plusSeconds(120)));

        apis.accessTokens.remove(0);
        assertEquals(List.of("token.deleted b30bbf97 personal"), actions(parse(poller.poll(cursor, client, NOW.plusSeconds(180)))));
    }

    @Test
    void everyPageIsReadAndARestoreBetweenTokensDiffsOnlyWhatWasNotTaken() throws Exception {
        for (int i = 0; i < 130; i++) {
            ObjectNode t = token(1).deepCopy().put("uuid", String.format("%08d-0000-4000-8000-000000000000", i))
                    .put("created_at", Instant.parse("2026-11-10T00:00:00Z").plusSeconds(i).toString());
            apis.accessTokens.add(t);
        }
        ObjectNode start = poller.startCursor(NOW);
        List<Polled> polled = poller.poll(start, client, NOW);
        List<Event> all = parse(polled);
        assertEquals(132, all.stream().filter(e -> e.action.equals("token.created")).count(), "tokens from both pages");
        assertTrue(apis.requests.stream().anyMatch(r -> r.contains("page=2")), apis.requests.toString());

        // Crash after 70 records were taken: the restore tells the remaining tokens, not the first 70 again.
        ObjectNode checkpointed = after(start, polled.subList(0, 70));
        List<Event> resumed = parse(poller.poll(checkpointed, client, NOW));
        assertEquals(all.subList(70, all.size()).stream().map(e -> e.id).toList(), resumed.stream().map(e -> e.id).toList());
    }

    @Test
    void anUnreadableListingIsDeadLetteredAndNotMistakenForADeletion() throws Exception {
        ObjectNode cursor = poller.startCursor(NOW);
        cursor = after(cursor, poller.poll(cursor, client, NOW));
        token(0).put("created_at", "yesterday");
        List<Polled> polled = poller.poll(cursor, client, NOW.plusSeconds(60));
        assertEquals(1, polled.stream().filter(p -> p.text() != null).count());
        ParseOutcome outcome = new EventParser().parse(RawRecord.of("poll:test", 1, polled.get(0).text()));
        assertEquals(List.of(), outcome.events(), "no deletion, no creation");
        assertEquals(1, outcome.deadLetters().size());
        assertTrue(outcome.deadLetters().get(0).toString().contains("results[0].created_at"), outcome.deadLetters().toString());
    }

    @Test
    void a429OnTheTokenListIsWaitedOut() throws Exception {
        apis.tooManyRequests.put("/v2/access-tokens", new AtomicInteger(1));
        assertEquals(3, parse(poller.poll(poller.startCursor(NOW), client, NOW)).size());
    }
}
