package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dashboards install} against a local HTTP server standing in for Kibana's saved-objects import API. */
class DashboardsInstallTest {
    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {}

    HttpServer server;
    final List<Received> received = new ArrayList<>();
    volatile int status = 200;
    volatile String answer;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), exchange.getRequestHeaders(), body));
            String reply = answer != null ? answer : "{\"success\":true,\"successCount\":" + body.lines().filter(l -> l.startsWith("{\"type\"")).count() + "}";
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private record Run(int exit, String err) {}

    private static Run cli(Map<String, String> env, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            picocli.CommandLine cmd = new picocli.CommandLine(new DashboardsCommand.Install());
            ((DashboardsCommand.Install) cmd.getCommand()).env = env;
            int exit = cmd.execute(args);
            return new Run(exit, e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void importsTheShippedObjectsAsAMultipartNdjsonFileWithOverwrite() throws IOException {
        Run run = cli(Map.of("TOKENWATCH_KIBANA_USER", "elastic", "TOKENWATCH_KIBANA_PASSWORD", "s3cret"), "--kibana-url", url() + "/");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
        assertThat(r.query()).isEqualTo("overwrite=true");
        assertThat(r.headers().get("Kbn-xsrf")).isNotEmpty();
        assertThat(r.headers().get("Authorization")).containsExactly("Basic ZWxhc3RpYzpzM2NyZXQ=");
        String contentType = r.headers().get("Content-type").get(0);
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        String boundary = contentType.substring(contentType.indexOf('=') + 1);
        String shipped = Files.readString(dev.tokenwatch.testing.TestRules.repoRoot().resolve("dashboards/kibana/tokenwatch.ndjson"));
        assertThat(r.body()).startsWith("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tokenwatch.ndjson\"\r\n")
                .contains(shipped).endsWith("\r\n--" + boundary + "--\r\n");
        assertThat(run.err()).contains("imported " + shipped.lines().count() + " objects").doesNotContain("s3cret");
    }

    @Test
    void aSpaceAndAnApiKeyAreUsed() throws IOException {
        Path key = dir.resolve("key");
        Files.writeString(key, "a2V5OnNlY3JldA==\n");
        Run run = cli(Map.of(), "--kibana-url", url(), "--space", "soc", "--kibana-api-key-file", key.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(received.get(0).path()).isEqualTo("/s/soc/api/saved_objects/_import");
        assertThat(received.get(0).headers().get("Authorization")).containsExactly("ApiKey a2V5OnNlY3JldA==");
    }

    @Test
    void importErrorsAndRefusedCredentialsFailWithTheReason() {
        answer = "{\"success\":false,\"successCount\":1,\"errors\":[{\"id\":\"tw-alert-triage\",\"type\":\"dashboard\",\"error\":{\"type\":\"missing_references\",\"references\":[{\"type\":\"index-pattern\",\"id\":\"tokenwatch-alerts\"}]}}]}";
        Run run = cli(Map.of(), "--kibana-url", url());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("dashboard tw-alert-triage: missing_references [index-pattern tokenwatch-alerts]", "1 errors");

        answer = "{}";
        status = 401;
        run = cli(Map.of(), "--kibana-url", url());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("rejected the credentials");
    }

    @Test
    void unreachableKibanaAndMissingUrlAreExplained() {
        assertThat(cli(Map.of(), "--kibana-url", "http://127.0.0.1:1").err()).contains("unreachable");
        Run run = cli(Map.of());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--kibana-url");
    }
}
