package dev.tokenwatch.source.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.TestRules;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver over real HTTP: who may post, how much, what is stored for the job, what becomes a dead letter. */
class ReceiverTest {
    private static final String TOKEN = "registry-one-secret";
    private static final String V2 = "application/vnd.docker.distribution.events.v2+json";

    @TempDir
    Path dir;

    private Receiver receiver;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0),
                SenderTokens.from(null, List.of(tokenFile)), dir.resolve("spool"), dir.resolve("receiver-dead-letters.jsonl"), 64 * 1024));
        Files.createDirectories(dir.resolve("spool"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.address().getPort() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> spooled() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            List<Path> all = files.sorted().toList();
            assertThat(all).as("no half-written file left behind").noneMatch(p -> p.getFileName().toString().startsWith("."));
            List<String> lines = new java.util.ArrayList<>();
            for (Path p : all) lines.addAll(Files.readAllLines(p));
            return lines;
        }
    }

    private List<String> deadLetters() throws Exception {
        Path file = dir.resolve("receiver-dead-letters.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String envelope() throws Exception {
        return Files.readAllLines(TestRules.repoRoot().resolveSibling("shared/formats/distribution-notifications.jsonl")).get(0);
    }

    @Test
    void aDistributionEnvelopeIsStoredAsOneCompleteLineBeforeTheAnswer() throws Exception {
        String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(envelope()));
        HttpResponse<String> response = post("/v1/distribution", TOKEN, V2, pretty);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"stored\":1");
        List<String> lines = spooled();
        assertThat(lines).hasSize(1);
        assertThat(Json.MAPPER.readTree(lines.get(0))).isEqualTo(Json.MAPPER.readTree(envelope()));
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("received-distribution-") && n.endsWith(".jsonl"));
        }
    }

    @Test
    void withoutTheRightBearerTokenNothingIsStored() throws Exception {
        HttpResponse<String> none = post("/v1/events", null, "application/x-ndjson", "{\"event\":{\"id\":\"e1\"}}");
        HttpResponse<String> wrong = post("/v1/events", "guess", "application/x-ndjson", "{\"event\":{\"id\":\"e1\"}}");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Authorization: Bearer");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithTheLimit() throws Exception {
        HttpResponse<String> response = post("/v1/events", TOKEN, "application/x-ndjson", "{\"event\":{\"id\":\"" + "x".repeat(70_000) + "\"}}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("65536 bytes");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void anAuthenticatedBodyThatIsNotJsonIsADeadLetterAndAnsweredTwoHundredSoTheRegistryDoesNotRetryForever() throws Exception {
        HttpResponse<String> response = post("/v1/distribution", TOKEN, V2, "{\"events\": [ broken");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(spooled()).isEmpty();
        List<String> letters = deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(Json.MAPPER.readTree(letters.get(0)).path("reason").asText()).startsWith("not a JSON document");
        assertThat(Json.MAPPER.readTree(letters.get(0)).path("origin").asText()).isEqualTo("receiver:/v1/distribution");
    }

    @Test
    void jsonLinesKeepTheUsableLinesAndDeadLetterTheOthersByLine() throws Exception {
        String body = "{\"event\":{\"id\":\"e1\",\"action\":\"image.pull\"}}\nnot json\n\n[1,2]\n{\"event\":{\"id\":\"e2\",\"action\":\"image.pull\"}}\n";
        HttpResponse<String> response = post("/v1/events", TOKEN, "application/x-ndjson", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"stored\":2", "\"dead_lettered\":2");
        assertThat(spooled()).hasSize(2);
        assertThat(deadLetters()).extracting(l -> Json.MAPPER.readTree(l).path("line").asLong()).containsExactly(2L, 4L);
    }

    @Test
    void whenTheSpoolCannotBeWrittenTheAnswerIsServiceUnavailableSoTheSenderRetries() throws Exception {
        receiver.close();
        Path notADirectory = Files.writeString(dir.resolve("file-in-the-way"), "");
        receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0),
                SenderTokens.from(TOKEN, List.of()), notADirectory.resolve("spool"), dir.resolve("dl.jsonl"), 64 * 1024));

        HttpResponse<String> response = post("/v1/events", TOKEN, "application/x-ndjson", "{\"event\":{\"id\":\"e1\"}}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("retry later");
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.address().getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
    }

    @Test
    void theHealthCheckCountsWhatWasStored() throws Exception {
        post("/v1/events", TOKEN, "application/x-ndjson", "{\"event\":{\"id\":\"e1\"}}\n{\"event\":{\"id\":\"e2\"}}");
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.address().getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(health.body()).path("lines_stored").asLong()).isEqualTo(2);
    }

    @Test
    void harborSyslogLinesNeedTheBearerTokenAndAreStoredAsALogFileTheParserReads() throws Exception {
        String line = "<6>2026-11-20T09:12:34Z harbor-core audit[1]: 2026-11-20T09:12:34Z [INFO] [/pkg/auditext/manager.go:81]"
                + "[operator=\"jdoe\" resourceType=\"artifact\" time=\"2026-11-20 09:12:34 +0000 UTC\"]: "
                + "action:pull, resource:library/nginx:1.25, operation_description:pull artifact: library/nginx:1.25";

        HttpResponse<String> refused = post("/v1/harbor-syslog", null, "text/plain", line + "\n");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(spooled()).isEmpty();

        HttpResponse<String> response = post("/v1/harbor-syslog", TOKEN, "text/plain", line + "\r\n\n" + line.replace("09:12:34 +0000", "09:12:35 +0000") + "\n");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"stored\":2");
        List<String> lines = spooled();
        assertThat(lines).hasSize(2).first().isEqualTo(line);
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("received-harbor-syslog-") && n.endsWith(".log"));
        }
        assertThat(new dev.tokenwatch.parse.EventParser().parse(dev.tokenwatch.parse.RawRecord.of("spool.log", 1, lines.get(0))).events())
                .singleElement().satisfies(e -> {
                    assertThat(e.action).isEqualTo("image.pull");
                    assertThat(e.userName).isEqualTo("jdoe");
                    assertThat(e.dataset).isEqualTo("harbor.audit");
                });
    }
}
