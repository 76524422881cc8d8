package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.ChatReceiver;
import dev.tokenwatch.testing.ElasticsearchTestServer;
import dev.tokenwatch.testing.RunProcess;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tokenwatch run --metrics-port P --listen ...} as its own JVM on the shipped samples, scraped as Prometheus
 * would: what an operator looks for is there with its labels, and every metric the Grafana dashboard queries exists, so
 * the dashboard cannot drift from the job. The same run logs JSON lines ({@code TOKENWATCH_LOG_FORMAT=json}) and no
 * secret it was given or sent.
 * <p>
 * Chat goes to a real local HTTP server ({@link ChatReceiver}) whose first answer is a 503, so a retry is counted.
 * Alerts and events are indexed into the integration tests' real Elasticsearch 8.19 ({@link ElasticsearchTestServer}),
 * under an index prefix of this test's own.
 */
class MetricsIT {
    /** Shaped like a real bearer credential, so it would be recognisable in a log. */
    private static final String RECEIVER_TOKEN = "rcv-metrics-it-3f9a1c7e5b2d4a60";
    /** A Docker Hub token inside a posted record: the job must never log it. */
    private static final String POSTED_SECRET = "dckr_pat_MetricsItSecret0123456789abcdef";
    private static final String HMAC_SECRET = "hmac-metrics-it-8b1e0c4d2f6a";
    /** A rule edit with a secret where a field name belongs; the validator's message quotes it. */
    private static final String LEAKING_RULE = """
            id: test-leak
            name: Any push
            description: test
            severity: low
            risk_score: 10
            threat: {tactic: {id: TA0003, name: Persistence}, technique: {id: T1525, name: Implant Internal Image}}
            type: match
            condition: "event.action = 'image.push'"
            group_by: [%s]
            suppression: {for: 1h}
            tests:
              - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
            """.formatted(POSTED_SECRET);
    private static final Pattern NAME = Pattern.compile("\\b(?:flink|tokenwatch)_[A-Za-z0-9_:]+");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOperatorSeesInputDeadLettersAlertsDeliveryAndLagInPrometheus() throws Exception {
        Path data = dir.resolve("data");
        int metricsPort = freePort();
        int listenPort = freePort();
        String es = ElasticsearchTestServer.get().url();
        try (ChatReceiver chat = ChatReceiver.start()) {
            chat.script("/ops", ChatReceiver.Answer.status(503));
            Path secret = Files.writeString(dir.resolve("hmac"), HMAC_SECRET + "\n");
            Path routes = Files.writeString(dir.resolve("routes.yaml"),
                    "delivery: {timeout: 5s, max_attempts: 3, first_backoff: 200ms, max_backoff: 1s, concurrency: 2}\n"
                            + "destinations:\n"
                            + "  - name: ops\n    type: slack\n    url: " + chat.url("/ops") + "\n"
                            + "  - name: soc-webhook\n    type: webhook\n    url: " + chat.url("/soc") + "\n    secret: file:" + secret + "\n");
            Path rules = TestRules.shippedWithProbe(dir);
            Map<String, String> env = Map.of("TOKENWATCH_LOG_FORMAT", "json", "TOKENWATCH_RECEIVER_TOKEN", RECEIVER_TOKEN);
            try (RunProcess job = RunProcess.start(data.resolve("run.log"), env, "--data", data.toString(), "--fresh",
                    "--checkpoint-interval", "1s", "--status-interval", "2s", "--metrics-port", Integer.toString(metricsPort),
                    "--listen", "127.0.0.1:" + listenPort, "--routes", routes.toString(), "--es-url", es, "--es-index-prefix", "tokenwatch-metrics-it",
                    "--rules", rules.toString(), "--reload-interval", "1s")) {
                job.await(() -> job.log().contains("Receiver: http://"), "the receiver", Duration.ofMinutes(2));
                assertThat(job.log()).contains("Metrics -> Prometheus at http://127.0.0.1:" + metricsPort + "/");

                // Accepted by the receiver (valid JSON) but of no known shape: a dead letter of the job, reason unknown_shape.
                String unusable = "{\"hello\":\"world\",\"token\":\"" + POSTED_SECRET + "\"}\n";
                assertThat(post(listenPort, "/v1/events", RECEIVER_TOKEN, unusable).statusCode()).isEqualTo(200);
                // Not JSON at all: the receiver's own dead letter. And a sender without the token: refused.
                assertThat(post(listenPort, "/v1/events", RECEIVER_TOKEN, "{\"broken\n").statusCode()).isEqualTo(202);
                assertThat(post(listenPort, "/v1/distribution", "not-the-token", "{}").statusCode()).isEqualTo(401);

                String job1 = "http://127.0.0.1:" + metricsPort + "/";
                job.await(() -> sum(scrapeWhenUp(job1), "flink_taskmanager_job_task_operator_tokenwatch_rule_alerts",
                        Map.of("rule", "tw-revoked-token-used")) > 0, "alerts of tw-revoked-token-used", Duration.ofMinutes(4));
                job.await(() -> sum(scrape(job1), "flink_taskmanager_job_task_operator_tokenwatch_reason_dead_letters",
                        Map.of("reason", "unknown_shape")) > 0, "the posted line as a dead letter", Duration.ofMinutes(2));
                job.await(() -> sum(scrape(job1), "flink_taskmanager_job_task_operator_tokenwatch_destination_chat_retries",
                        Map.of("destination", "ops")) > 0, "a chat retry", Duration.ofMinutes(2));
                job.await(() -> count(scrape(job1), "flink_jobmanager_job_lastCheckpointSize") > 0
                        && value(scrape(job1), "flink_jobmanager_job_numberOfCompletedCheckpoints") > 0, "a checkpoint", Duration.ofMinutes(2));
                job.await(() -> !Double.isNaN(max(scrape(job1),
                        "flink_taskmanager_job_task_operator_tokenwatch_elasticsearch_es_indexing_lag_seconds", Map.of("elasticsearch", "alerts"))),
                        "alerts indexed", Duration.ofMinutes(2));

                // A rule edit the job rejects is logged with the validator's words, which quote the bad field: a secret there
                // must be logged as its fingerprint.
                Files.writeString(rules.resolve("test-leak.yaml"), LEAKING_RULE);
                job.await(() -> job.log().contains("rule change rejected"), "the rejected rule in the log", Duration.ofMinutes(1));

                Map<String, List<Sample>> flink = scrape(job1);
                Map<String, List<Sample>> receiver = scrape("http://127.0.0.1:" + listenPort + "/metrics");

                // Events in, by source: the samples are files; the posted line came through the receiver's events endpoint.
                String recordsIn = "flink_taskmanager_job_task_operator_tokenwatch_source_records_in";
                assertThat(sum(flink, recordsIn, Map.of("source", "file"))).isGreaterThan(6000);
                assertThat(sum(flink, recordsIn, Map.of("source", "receiver:events"))).isEqualTo(1);
                assertThat(flink.get(recordsIn)).allSatisfy(s -> assertThat(s.labels.get("source")).doesNotContain("/"));
                // Every reason label from the fixed set, none free text.
                assertThat(flink.get("flink_taskmanager_job_task_operator_tokenwatch_reason_dead_letters"))
                        .allSatisfy(s -> assertThat(dev.tokenwatch.job.MetricLabels.REASONS).contains(s.labels.get("reason")));
                // Rule ids as they are (tw-..., not tw_...), and alerts by rule add up to the alerts counter (a scrape reads
                // the two a moment apart, so an alert made in between can make one scrape disagree: ask again).
                job.await(() -> {
                    Map<String, List<Sample>> now = scrape(job1);
                    return sum(now, "flink_taskmanager_job_task_operator_tokenwatch_rule_alerts", Map.of())
                            == sum(now, "flink_taskmanager_job_task_operator_tokenwatch_alerts", Map.of());
                }, "alerts by rule adding up to alerts", Duration.ofSeconds(30));
                assertThat(sum(flink, "flink_taskmanager_job_task_operator_tokenwatch_destination_chat_sent", Map.of("destination", "soc-webhook")))
                        .isGreaterThan(0);
                // The samples are of November 2026: event time, and so both lags, are days behind the wall clock.
                assertThat(max(flink, "flink_taskmanager_job_task_operator_tokenwatch_watermark_lag_seconds", Map.of())).isGreaterThan(0);
                assertThat(max(flink, "flink_taskmanager_job_task_operator_tokenwatch_elasticsearch_es_indexing_lag_seconds",
                        Map.of("elasticsearch", "alerts"))).isGreaterThan(0);

                assertThat(sum(receiver, "tokenwatch_receiver_lines_stored_total", Map.of("endpoint", "events"))).isEqualTo(1);
                assertThat(sum(receiver, "tokenwatch_receiver_lines_dead_lettered_total", Map.of("endpoint", "events"))).isEqualTo(1);
                assertThat(sum(receiver, "tokenwatch_receiver_requests_refused_total", Map.of("endpoint", "distribution"))).isEqualTo(1);

                // Every metric the dashboard queries exists in what the job and the receiver serve.
                Set<String> served = new TreeSet<>(flink.keySet());
                served.addAll(receiver.keySet());
                Set<String> queried = dashboardMetricNames();
                assertThat(queried).hasSizeGreaterThan(15);
                assertThat(served).containsAll(queried);

                // Where a Prometheus is installed (Debian's package: apt-get install prometheus), it scrapes both endpoints
                // and evaluates every query of the dashboard, which must parse and give at least one series.
                evaluateDashboardInPrometheusIfInstalled(metricsPort, listenPort);

                // Logs: JSON lines with level, message and logger; no secret the run was given or sent.
                String log = job.log();
                List<JsonNode> logLines = new ArrayList<>();
                for (String line : log.lines().filter(l -> l.startsWith("{")).toList()) logLines.add(Json.MAPPER.readTree(line));
                assertThat(logLines).isNotEmpty().allSatisfy(l -> {
                    assertThat(l.path("log.level").asText()).isNotEmpty();
                    assertThat(l.path("message").isTextual()).isTrue();
                    assertThat(l.path("log.logger").asText()).isNotEmpty();
                    assertThat(l.path("@timestamp").asText()).isNotEmpty();
                });
                assertThat(log).doesNotContain(RECEIVER_TOKEN).doesNotContain(POSTED_SECRET).doesNotContain(HMAC_SECRET);
                assertThat(logLines).anySatisfy(l -> assertThat(l.path("message").asText())
                        .contains("rule change rejected").contains("redacted:sha256:"));
            }
        }
    }

    /**
     * The shaded jar as users run it ({@code java -jar}, as the launcher does): Flink finds the Prometheus reporter in it
     * and the local cluster serves the job's metrics, and log4j finds the JSON layout and the scrubbing policy there (the
     * jar merges the plugin caches of several jars). The classpath run above cannot show either.
     */
    @Test
    void theShadedJarServesMetricsAndLogsJson() throws Exception {
        Path jar = Path.of("target", "tokenwatch.jar").toAbsolutePath();
        assertThat(jar).as("failsafe runs after package").exists();
        int metricsPort = freePort();
        Path log = dir.resolve("jar.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dtokenwatch.log.format=json", "-Dtokenwatch.geoip.dir=" + System.getProperty("tokenwatch.geoip.dir", ""),
                "-jar", jar.toString(), "run", "--data", dir.resolve("jar-data").toString(), "--fresh", "--no-samples",
                "--status-interval", "0s", "--metrics-port", Integer.toString(metricsPort))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TOKENWATCH_HOME", TestRules.repoRoot().toString());
        Process process = builder.start();
        try {
            String url = "http://127.0.0.1:" + metricsPort + "/";
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Map<String, List<Sample>> scraped = Map.of();
            // Each operator registers its metrics as its task starts: wait for the parse stage's too, not only rule-state's.
            while (!(scraped.containsKey("flink_taskmanager_job_task_operator_tokenwatch_rule_alerts")
                    && count(scraped, "flink_taskmanager_job_task_operator_tokenwatch_reason_dead_letters") >= dev.tokenwatch.job.MetricLabels.REASONS.size()
                    && Files.readString(log).contains("rules loaded from"))) {
                assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the jar's metrics and first log line:\n" + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(500);
                scraped = scrapeWhenUp(url);
            }
            JsonNode loaded = null;
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("{") && line.contains("rules loaded from")) loaded = Json.MAPPER.readTree(line);
            }
            assertThat(loaded).as(Files.readString(log)).isNotNull();
            assertThat(loaded.path("log.level").asText()).isEqualTo("INFO");
            assertThat(loaded.path("log.logger").asText()).isEqualTo("dev.tokenwatch.source.RuleDirectorySource");
            assertThat(Files.readString(log)).doesNotContain("Unable to locate plugin").doesNotContain("ERROR StatusLogger");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void evaluateDashboardInPrometheusIfInstalled(int metricsPort, int listenPort) throws Exception {
        Path binary = java.util.stream.Stream.of("/usr/bin/prometheus", "/usr/local/bin/prometheus").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            System.out.println("MetricsIT: no prometheus binary installed; the dashboard's PromQL is not evaluated");
            return;
        }
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "scrape_configs:\n"
                + "  - job_name: tokenwatch\n    static_configs: [{targets: ['127.0.0.1:" + metricsPort + "']}]\n"
                + "  - job_name: tokenwatch-receiver\n    metrics_path: /metrics\n    static_configs: [{targets: ['127.0.0.1:" + listenPort + "']}]\n");
        Process prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            // Both targets up, and some seconds of samples so rate() over the window has two points.
            while (upTargets(api) < 2) {
                assertThat(prometheus.isAlive()).as(Files.readString(dir.resolve("prometheus.log"))).isTrue();
                assertThat(System.nanoTime()).as("both targets up:\n" + Files.readString(dir.resolve("prometheus.log"))).isLessThan(deadline);
                Thread.sleep(500);
            }
            Thread.sleep(12_000);
            List<String> empty = new ArrayList<>();
            int evaluated = 0;
            for (JsonNode panel : Json.MAPPER.readTree(TestRules.repoRoot().resolve("dashboards/grafana/tokenwatch.json").toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText().replace("$__rate_interval", "10s").replace("$__range", "5m").replace("$job", ".*");
                    JsonNode answer = query(api, expr);
                    assertThat(answer.path("status").asText()).as(expr + " -> " + answer).isEqualTo("success");
                    if (answer.path("data").path("result").isEmpty()) empty.add(panel.path("title").asText() + ": " + expr);
                    evaluated++;
                }
            }
            assertThat(empty).as("queries with no series").isEmpty();
            System.out.println("MetricsIT: Prometheus " + binary + " evaluated all " + evaluated + " dashboard queries, each with data");
        } finally {
            prometheus.destroy();
            prometheus.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Targets Prometheus scraped successfully, or 0 while it is not listening yet. */
    private int upTargets(String api) throws Exception {
        try {
            return query(api, "count(up == 1)").path("data").path("result").path(0).path("value").path(1).asInt();
        } catch (java.net.ConnectException starting) {
            return 0;
        }
    }

    private JsonNode query(String api, String expr) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api
                + java.net.URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    /** The metric names in the {@code expr} of every panel target of dashboards/grafana/tokenwatch.json. */
    static Set<String> dashboardMetricNames() throws IOException {
        JsonNode dashboard = Json.MAPPER.readTree(TestRules.repoRoot().resolve("dashboards/grafana/tokenwatch.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = NAME.matcher(target.path("expr").asText());
                while (m.find()) names.add(m.group());
            }
        }
        return names;
    }

    record Sample(Map<String, String> labels, double value) {}

    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** What {@link #scrape} gives, or nothing while the endpoint is not listening yet (the reporter starts with the job). */
    Map<String, List<Sample>> scrapeWhenUp(String url) throws Exception {
        try {
            return scrape(url);
        } catch (java.net.ConnectException notYet) {
            return Map.of();
        }
    }

    /** Prometheus text format 0.0.4, by metric name. */
    Map<String, List<Sample>> scrape(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        Map<String, List<Sample>> byName = new HashMap<>();
        for (String line : response.body().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            Map<String, String> labels = new HashMap<>();
            if (brace >= 0 && brace < space) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Sample(labels, Double.parseDouble(line.substring(space + 1))));
        }
        return byName;
    }

    private static List<Sample> matching(Map<String, List<Sample>> scraped, String name, Map<String, String> labels) {
        return scraped.getOrDefault(name, List.of()).stream()
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels.get(e.getKey())))).toList();
    }

    private static double sum(Map<String, List<Sample>> scraped, String name, Map<String, String> labels) {
        return matching(scraped, name, labels).stream().mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).sum();
    }

    /** The largest value that is a number; NaN when there is none. */
    private static double max(Map<String, List<Sample>> scraped, String name, Map<String, String> labels) {
        return matching(scraped, name, labels).stream().mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static double value(Map<String, List<Sample>> scraped, String name) {
        return max(scraped, name, Map.of());
    }

    private static int count(Map<String, List<Sample>> scraped, String name) {
        return scraped.getOrDefault(name, List.of()).size();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
