package dev.tokenwatch.source.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.chat.SecretValue;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogPollersTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final PollStats stats = new PollStats() {
        @Override public void requested() { }
        @Override public void rateLimited(long waitMillis) { rateLimited.incrementAndGet(); }
        @Override public void retried(String reason) { retried.incrementAndGet(); }
    };
    private final PollClient client = new PollClient(new PollClient.Settings(Duration.ofSeconds(5), 3, Duration.ofMillis(10),
            Duration.ofSeconds(5)), stats, Clock.systemUTC());
    private FakeAuditApis apis;

    @BeforeEach
    void start() throws IOException {
        apis = new FakeAuditApis();
    }

    @AfterEach
    void stop() {
        apis.close();
    }

    private DockerHubAuditPoller hub() {
        return new DockerHubAuditPoller("acme", new DockerHubSession(apis.base(),
                new SecretValue(FakeAuditApis.HUB_USER), new SecretValue(FakeAuditApis.HUB_TOKEN)));
    }

    private HarborAuditPoller harbor(String password) {
        return new HarborAuditPoller(apis.base(), new SecretValue(FakeAuditApis.HARBOR_USER), new SecretValue(password));
    }

    /** Two entries per second, so page and restart boundaries fall between entries of the same time. */
    private void hubLog(int from, int to) {
        for (int i = from; i < to; i++) apis.hubEntries.add(FakeAuditApis.hubEntry(T0.plusSeconds(i / 2), "acme/app" + i, "v" + i));
    }

    private static List<String> repositories(List<Polled> polled) {
        return polled.stream().map(p -> read(p.text()).path("name").asText()).toList();
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> expectedRepositories(int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < to; i++) names.add("acme/app" + i);
        return names;
    }

    private static ObjectNode after(ObjectNode cursor, List<Polled> polled) {
        ObjectNode moved = cursor.deepCopy();
        polled.forEach(p -> p.step().apply(moved));
        return moved;
    }

    @Test
    void dockerHubPagesAreReadOldestFirstThroughA429() throws Exception {
        hubLog(0, 250);
        apis.tooManyRequests.put("page=2&", new AtomicInteger(1));
        List<Polled> polled = hub().poll(hub().startCursor(T0), client, T0.plusSeconds(3600));

        // Entries with one time come in content-hash order, so compare as sets and check the time order separately.
        assertEquals(250, polled.size());
        assertEquals(new java.util.HashSet<>(expectedRepositories(0, 250)), new java.util.HashSet<>(repositories(polled)));
        List<Instant> times = polled.stream().map(p -> Instant.parse(read(p.text()).path("timestamp").asText())).toList();
        assertEquals(times.stream().sorted().toList(), times, "oldest first");
        assertEquals(1, rateLimited.get(), "the 429 was waited out, once");
        assertEquals(1, apis.signIns(), "one sign-in for the whole poll");
        assertTrue(apis.requests.stream().filter(r -> r.contains("page=2&")).count() == 2, "page 2 asked again after the 429");
    }

    @Test
    void aRestartInTheMiddleOfAPageNeitherSkipsNorRepeats() throws Exception {
        hubLog(0, 250);
        ObjectNode start = hub().startCursor(T0);
        List<Polled> first = hub().poll(start, client, T0.plusSeconds(3600));
        // The job took 151 records (the last one shares its time with the next), then crashed: the checkpoint has
        // the cursor as moved by exactly those.
        ObjectNode checkpointed = after(start, first.subList(0, 151));
        List<Polled> resumed = hub().poll(checkpointed, client, T0.plusSeconds(3600));

        List<String> taken = new ArrayList<>(repositories(first.subList(0, 151)));
        taken.addAll(repositories(resumed));
        assertEquals(250, taken.size(), "nothing twice");
        assertEquals(new java.util.HashSet<>(expectedRepositories(0, 250)), new java.util.HashSet<>(taken), "nothing lost");
        assertEquals(repositories(first.subList(151, 250)), repositories(resumed), "resumes right after the last record taken");
    }

    @Test
    void laterPollsTakeOnlyNewEntriesIncludingOnesAtTheLastTime() throws Exception {
        hubLog(0, 10);
        ObjectNode cursor = hub().startCursor(T0);
        cursor = after(cursor, hub().poll(cursor, client, T0.plusSeconds(60)));
        assertTrue(hub().poll(cursor, client, T0.plusSeconds(60)).isEmpty(), "nothing new, nothing returned");

        apis.hubEntries.add(FakeAuditApis.hubEntry(T0.plusSeconds(4), "acme/late-same-second", "x"));
        apis.hubEntries.add(FakeAuditApis.hubEntry(T0.plusSeconds(30), "acme/newer", "y"));
        List<Polled> next = hub().poll(cursor, client, T0.plusSeconds(60));
        assertEquals(List.of("acme/late-same-second", "acme/newer"), repositories(next));
    }

    @Test
    void anExpiredBearerTokenIsRenewedOnce() throws Exception {
        hubLog(0, 3);
        DockerHubAuditPoller poller = hub();
        poller.poll(poller.startCursor(T0), client, T0.plusSeconds(60));
        assertEquals(1, apis.signIns());
        apis.expireBearer();
        assertEquals(3, poller.poll(poller.startCursor(T0), client, T0.plusSeconds(60)).size());
        assertEquals(2, apis.signIns(), "signed in again after the 401, once");
    }

    @Test
    void serverErrorsAreRetriedThenTheFailureNamesTheRequestButNoSecret() throws Exception {
        hubLog(0, 3);
        apis.serverErrors.put("/v2/auditlogs/acme", new AtomicInteger(2));
        assertEquals(3, hub().poll(hub().startCursor(T0), client, T0.plusSeconds(60)).size());
        assertEquals(2, retried.get());

        apis.serverErrors.put("/v2/auditlogs/acme", new AtomicInteger(100));
        PollException e = assertThrows(PollException.class, () -> hub().poll(hub().startCursor(T0), client, T0.plusSeconds(60)));
        assertTrue(e.getMessage().contains("GET http://127.0.0.1:") && e.getMessage().contains("/v2/auditlogs/acme: HTTP 503 after 3 tries"),
                e.getMessage());
        assertFalse(e.getMessage().contains(FakeAuditApis.HUB_TOKEN));
    }

    @Test
    void wrongDockerHubCredentialsSayWhatWasRefused() {
        DockerHubAuditPoller poller = new DockerHubAuditPoller("acme", new DockerHubSession(apis.base(),
                new SecretValue(FakeAuditApis.HUB_USER), new SecretValue("wrong-secret")));
        PollException e = assertThrows(PollException.class, () -> poller.poll(poller.startCursor(T0), client, T0.plusSeconds(60)));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("POST http://127.0.0.1:") && e.getMessage().contains("/v2/auth/token: HTTP 401"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret"));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() throws Exception {
        hubLog(0, 3);
        apis.retryAfter = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(2).atZone(ZoneOffset.UTC));
        apis.tooManyRequests.put("page=1&", new AtomicInteger(1));
        long started = System.nanoTime();
        assertEquals(3, hub().poll(hub().startCursor(T0), client, T0.plusSeconds(60)).size());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 900, "waited for the date, not at once");
        assertEquals(1, rateLimited.get());
    }

    @Test
    void harborIsReadWithinTheCursorsTimeRangeAcrossPagesAndResumesMidPage() throws Exception {
        for (int i = 0; i < 230; i++) apis.harborEntries.add(FakeAuditApis.harborEntry(1000 + i, T0.plusSeconds(i / 3), "payments/api:" + i));
        apis.tooManyRequests.put("page=3&", new AtomicInteger(2));
        HarborAuditPoller poller = harbor(FakeAuditApis.HARBOR_PASSWORD);
        ObjectNode start = poller.startCursor(T0.plusSeconds(10));
        List<Polled> polled = poller.poll(start, client, T0.plusSeconds(3600));
        List<Long> ids = polled.stream().map(p -> read(p.text()).path("id").asLong()).toList();
        assertEquals(230 - 30, ids.size(), "entries before the start time are not asked for");
        assertEquals(1030L, ids.get(0));
        assertEquals(2, rateLimited.get());
        assertTrue(apis.requests.get(0).contains("q=op_time%3D%5B2026-11-20+09%3A00%3A10%7E"), apis.requests.get(0));

        ObjectNode checkpointed = after(start, polled.subList(0, 101));
        List<Long> resumed = poller.poll(checkpointed, client, T0.plusSeconds(3600)).stream().map(p -> read(p.text()).path("id").asLong()).toList();
        assertEquals(ids.subList(101, ids.size()), resumed);
    }

    @Test
    void wrongHarborPasswordIsAFailureNamingTheRequestButNotThePassword() {
        apis.harborEntries.add(FakeAuditApis.harborEntry(1, T0, "a:b"));
        PollException e = assertThrows(PollException.class, () -> harbor("nope-secret").poll(TimeCursor.start(T0), client, T0.plusSeconds(60)));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("/api/v2.0/auditlog-exts: HTTP 401 (credentials refused"), e.getMessage());
        assertFalse(e.getMessage().contains("nope-secret"));
    }
}
