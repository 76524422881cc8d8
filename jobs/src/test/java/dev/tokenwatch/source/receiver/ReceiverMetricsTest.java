package dev.tokenwatch.source.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: what /healthz counts, by endpoint, in Prometheus' text format. */
class ReceiverMetricsTest {
    private static final String TOKEN = "registry-one-secret";

    @TempDir
    Path dir;

    private Receiver receiver;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0),
                SenderTokens.from(null, List.of(tokenFile)), dir.resolve("spool"), dir.resolve("receiver-dead-letters.jsonl"), 1024));
        Files.createDirectories(dir.resolve("spool"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void syslogAndTailedFilesAreEndpointsOfTheirOwnWithTheirCounters() throws Exception {
        receiver.close();
        Path tokenFile = dir.resolve("token");
        Path registryLog = Files.writeString(dir.resolve("registry.log"), "");
        receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0), SenderTokens.from(null, List.of(tokenFile)),
                dir.resolve("spool"), dir.resolve("receiver-dead-letters.jsonl"), 64 * 1024, new InetSocketAddress("127.0.0.1", 0), 64 * 1024,
                new Receiver.Tailing(List.of(registryLog), dir.resolve("tail"), false)));
        String harbor = "<6>2026-11-20T09:12:34Z harbor-core audit[1]: 2026-11-20T09:12:34Z [INFO] [/pkg/auditext/manager.go:81]"
                + "[operator=\"alice\" resourceType=\"artifact\" time=\"2026-11-20 09:12:34 +0000 UTC\"]: action:pull, resource:acme/web:1.0";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", receiver.syslogAddress().getPort())) {
            socket.getOutputStream().write((harbor + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.writeString(registryLog, "time=\"2026-11-20T09:12:34Z\" level=info msg=\"response completed\"\n",
                java.nio.file.StandardOpenOption.APPEND);

        long deadline = System.currentTimeMillis() + 10_000;
        String body = "";
        while (System.currentTimeMillis() < deadline) {
            body = send("GET", "/metrics", null, null).body();
            if (body.contains("tokenwatch_receiver_lines_stored_total{endpoint=\"syslog\",} 1.0")
                    && body.contains("tokenwatch_receiver_lines_stored_total{endpoint=\"tail\",} 1.0")) break;
            Thread.sleep(200);
        }
        assertThat(body.lines())
                .contains("tokenwatch_receiver_lines_stored_total{endpoint=\"syslog\",} 1.0")
                .contains("tokenwatch_receiver_lines_stored_total{endpoint=\"tail\",} 1.0")
                .contains("tokenwatch_receiver_lines_dead_lettered_total{endpoint=\"syslog\",} 0.0")
                .contains("tokenwatch_receiver_syslog_connections_total 1.0")
                .contains("tokenwatch_receiver_tail_files 1.0")
                .contains("tokenwatch_receiver_tail_rotations_total 0.0");
    }

    @Test
    void countsByEndpointInTheTextFormat() throws Exception {
        String event = "{\"@timestamp\":\"2026-11-17T10:00:00Z\",\"event\":{\"id\":\"e1\",\"action\":\"image.pull\"},\"user\":{\"name\":\"ci\"}}";
        assertThat(send("POST", "/v1/events", TOKEN, event + "\n" + event.replace("e1", "e2") + "\n{\"broken\n").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/v1/events", "wrong", event).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/v1/grants", TOKEN, "x".repeat(2000)).statusCode()).isEqualTo(413);

        HttpResponse<String> metrics = send("GET", "/metrics", null, null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body().lines())
                .contains("# TYPE tokenwatch_receiver_lines_stored_total counter")
                .contains("tokenwatch_receiver_lines_stored_total{endpoint=\"events\",} 2.0")
                .contains("tokenwatch_receiver_lines_stored_total{endpoint=\"distribution\",} 0.0")
                .contains("tokenwatch_receiver_lines_dead_lettered_total{endpoint=\"events\",} 1.0")
                .contains("tokenwatch_receiver_requests_refused_total{endpoint=\"events\",} 1.0")
                .contains("tokenwatch_receiver_requests_refused_total{endpoint=\"grants\",} 1.0")
                .contains("tokenwatch_receiver_requests_unavailable_total{endpoint=\"events\",} 0.0")
                .contains("tokenwatch_receiver_spool_writable 1.0");
        // No syslog listener and no tailed file here: their series are left out rather than shown as zeros.
        assertThat(metrics.body()).doesNotContain("syslog_connections").doesNotContain("tail_files");
    }
}
