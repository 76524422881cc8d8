package dev.tokenwatch.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.SampleAlerts;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as a newcomer uses it: {@code es start}, {@code replay --local-es samples/},
 * looking at the alerts over HTTP, {@code es stop}, and a restart that finds the alerts still there.
 * Uses the distribution the build unpacked under jobs/target/elasticsearch, as the launcher does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackIT {
    @TempDir
    static Path tmp;
    String dir;
    String port;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void pickPlace() throws IOException {
        // JUnit makes it 0700; a root run's node runs as nobody, who must be able to enter it.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        dir = tmp.resolve("es").toString();
        port = Integer.toString(ElasticsearchNode.freePort());
    }

    @AfterAll
    void stopWhateverRuns() {
        Cli.run("es", "stop", "--local-es-dir", dir, "--local-es-port", port);
    }

    @Test
    @Order(1)
    void nothingRunsBeforeStart() {
        Cli.Run status = Cli.run("es", "status", "--local-es-dir", dir, "--local-es-port", port);
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("no local node running", "es start");
    }

    @Test
    @Order(2)
    void startRunsANodeWithTheTemplatesInstalledAndASecondStartReusesIt() throws Exception {
        Cli.Run start = Cli.run("es", "start", "--local-es-dir", dir, "--local-es-port", port);
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out().strip()).isEqualTo(url());
        assertThat(get("/_index_template/tokenwatch-*").path("index_templates")).hasSize(3);

        Cli.Run again = Cli.run("es", "start", "--local-es-dir", dir, "--local-es-port", port);
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("already running");
        assertThat(Cli.run("es", "status", "--local-es-dir", dir, "--local-es-port", port).exit()).isZero();
    }

    @Test
    @Order(3)
    void replayWithLocalEsIndexesTheSamplesAlerts() throws Exception {
        Path out = tmp.resolve("alerts.jsonl");
        Cli.Run replay = Cli.run("replay", "--local-es", "--local-es-dir", dir, "--local-es-port", port, "--out", out.toString(),
                "--dead-letters", tmp.resolve("dead-letters.jsonl").toString(), TestRules.repoRoot().resolve("samples").toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        post("/_refresh");
        long alerts = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
        assertThat(alerts).isEqualTo(SampleAlerts.COUNT);
        assertThat(get("/tokenwatch-alerts/_count").path("count").asLong()).isEqualTo(alerts);
        assertThat(get("/tokenwatch-events/_count").path("count").asLong()).isGreaterThan(6000);
    }

    @Test
    @Order(4)
    void localEsAndAnExplicitUrlTogetherAreRefused() {
        Cli.Run both = Cli.run("replay", "--local-es", "--es-url", "http://127.0.0.1:1", "--local-es-dir", dir,
                TestRules.repoRoot().resolve("samples").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--local-es and --es-url");
    }

    @Test
    @Order(5)
    void stopEndsTheNodeAndARestartFindsTheAlertsStillThere() throws Exception {
        Cli.Run stop = Cli.run("es", "stop", "--local-es-dir", dir, "--local-es-port", port);
        assertThat(stop.exit()).isZero();
        assertThat(stop.err()).contains("stopped");
        assertThat(Cli.run("es", "status", "--local-es-dir", dir, "--local-es-port", port).exit()).isEqualTo(1);
        assertThat(answers()).isFalse();

        assertThat(Cli.run("es", "start", "--local-es-dir", dir, "--local-es-port", port).exit()).isZero();
        assertThat(get("/tokenwatch-alerts/_count").path("count").asLong()).isEqualTo(SampleAlerts.COUNT);
    }

    @Test
    @Order(6)
    void aPortTakenByAnotherProgramIsReportedNotFoughtOver() throws IOException {
        try (ServerSocket other = new ServerSocket(0)) {
            Cli.Run start = Cli.run("es", "start", "--local-es-dir", tmp.resolve("es-other").toString(),
                    "--local-es-port", Integer.toString(other.getLocalPort()));
            assertThat(start.exit()).isEqualTo(2);
            assertThat(start.err()).contains("port " + other.getLocalPort(), "taken", "--local-es-port");
        }
    }

    private String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean answers() {
        try {
            get("/");
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build());
    }

    private void post(String path) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

}
