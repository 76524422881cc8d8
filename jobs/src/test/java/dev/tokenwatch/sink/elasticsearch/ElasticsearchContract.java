package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.cli.TokenwatchCli;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.testing.ElasticsearchTestServer;
import dev.tokenwatch.testing.TestEvents;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Elasticsearch sink, setup and CLI against a real Elasticsearch (see {@link ElasticsearchTestServer}),
 * run once per supported server line by {@link Elasticsearch8IT} and {@link Elasticsearch9IT}.
 * Tests run in order: they share the indices the samples replay fills.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ElasticsearchContract {
    ElasticsearchTestServer es;
    RestClient rest;
    @TempDir
    Path tmp;

    /** The server these tests run against. */
    abstract ElasticsearchTestServer server();

    @BeforeAll
    void start() {
        es = server();
        rest = RestClient.builder(org.apache.http.HttpHost.create(es.url())).build();
    }

    @AfterAll
    void close() throws IOException {
        rest.close();
    }

    @Test
    @Order(1)
    void setupInstallsTemplatesAndPoliciesAndCanRunAgain() throws Exception {
        assertThat(TokenwatchCli.execute("es", "setup", "--es-url", es.url())).isZero();
        JsonNode first = get("/_index_template/tokenwatch-*");
        assertThat(TokenwatchCli.execute("es", "setup", "--es-url", es.url(), "--events-retention", "30d")).isZero();
        JsonNode second = get("/_index_template/tokenwatch-*");
        assertThat(second.path("index_templates")).hasSize(2);
        assertThat(second).isEqualTo(first);
        assertThat(get("/_component_template/tokenwatch-ecs-entities").path("component_templates")).hasSize(1);
    }

    @Test
    @Order(2)
    void unreachableClusterFailsFastWithAClearMessage() {
        var err = new java.io.ByteArrayOutputStream();
        var old = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = TokenwatchCli.execute("es", "setup", "--es-url", "http://127.0.0.1:1");
        } finally {
            System.setErr(old);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unreachable", "127.0.0.1:1");
    }

    @Test
    @Order(3)
    void replayOfTheSamplesIndexesEveryAlertAndEvent() throws Exception {
        Path out = tmp.resolve("alerts-1.jsonl");
        replay(out);
        List<JsonNode> alerts = lines(out);
        assertThat(alerts).isNotEmpty();
        assertThat(count("tokenwatch-alerts")).isEqualTo(alerts.size());
        assertThat(count("tokenwatch-events")).isEqualTo(distinctSampleEventIds());
        for (JsonNode a : alerts) {
            JsonNode doc = source(a.path("alert").path("id").asText());
            assertThat(doc.path("alert").path("count").asLong()).as("count of %s", a).isEqualTo(a.path("alert").path("count").asLong());
            assertThat(doc.path("alert").path("status").asText()).isEqualTo("open");
        }
        JsonNode mapping = get("/tokenwatch-events/_mapping/field/source.ip,source.geo.location,source.as.number,@timestamp,token.id");
        JsonNode fields = mapping.elements().next().path("mappings");
        assertThat(fields.at("/source.ip/mapping/ip/type").asText()).isEqualTo("ip");
        assertThat(fields.at("/source.geo.location/mapping/location/type").asText()).isEqualTo("geo_point");
        assertThat(fields.at("/source.as.number/mapping/number/type").asText()).isEqualTo("long");
        assertThat(fields.at("/@timestamp/mapping/@timestamp/type").asText()).isEqualTo("date");
        assertThat(fields.at("/token.id/mapping/id/type").asText()).isEqualTo("keyword");
        assertThat(Files.exists(tmp.resolve("es-dead-letters.jsonl"))).isFalse();
    }

    @Test
    @Order(4)
    void replayingAgainDuplicatesNothingAndKeepsTheAnalystsStatus() throws Exception {
        long alerts = count("tokenwatch-alerts");
        long events = count("tokenwatch-events");
        JsonNode hit = search("tokenwatch-alerts", "{\"size\":1,\"sort\":[{\"alert.count\":\"desc\"}]}").get(0);
        String id = hit.path("_id").asText();
        long count = hit.path("_source").path("alert").path("count").asLong();
        request("POST", "/" + hit.path("_index").asText() + "/_update/" + id + "?refresh=true",
                "{\"doc\":{\"alert\":{\"status\":\"acknowledged\",\"assignee\":\"sam\"}}}");

        replay(tmp.resolve("alerts-2.jsonl"));

        assertThat(count("tokenwatch-alerts")).isEqualTo(alerts);
        assertThat(count("tokenwatch-events")).isEqualTo(events);
        JsonNode after = source(id);
        assertThat(after.path("alert").path("status").asText()).isEqualTo("acknowledged");
        assertThat(after.path("alert").path("assignee").asText()).isEqualTo("sam");
        assertThat(after.path("alert").path("count").asLong()).isEqualTo(count);
    }

    /** The aggregations behind every shipped panel run on the real cluster and find data in the samples. */
    @Test
    @Order(5)
    void theQueriesBehindTheDashboardPanelsReturnDataForTheSamples() throws Exception {
        int panels = 0;
        for (JsonNode o : dev.tokenwatch.dashboards.DashboardFieldsTest.objects()) {
            String type = o.path("type").asText();
            if (!Set.of("visualization", "search", "map").contains(type)) continue;
            String view = o.path("references").get(0).path("id").asText();
            JsonNode attributes = o.path("attributes");
            var body = Json.MAPPER.createObjectNode().put("size", 0);
            String kql;
            if (type.equals("map")) {
                JsonNode layer = Json.MAPPER.readTree(attributes.path("layerListJSON").asText()).get(1);
                kql = layer.path("query").path("query").asText();
                body.putObject("aggs").putObject("grid").putObject("geotile_grid")
                        .put("field", layer.path("sourceDescriptor").path("geoField").asText()).put("precision", 3);
            } else {
                kql = Json.MAPPER.readTree(attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText())
                        .path("query").path("query").asText();
                var aggs = body.putObject("aggs");
                if (type.equals("visualization")) {
                    JsonNode state = Json.MAPPER.readTree(attributes.path("visState").asText());
                    for (JsonNode agg : state.path("aggs")) {
                        if (!agg.path("params").has("field")) continue;
                        var a = aggs.putObject("a" + agg.path("id").asText());
                        String field = agg.path("params").path("field").asText();
                        if (agg.path("type").asText().equals("date_histogram")) {
                            a.putObject("date_histogram").put("field", field).put("fixed_interval", "1h");
                        } else {
                            a.putObject("terms").put("field", field).put("size", agg.path("params").path("size").asInt(10));
                        }
                        aggs = a.putObject("aggs");
                    }
                }
            }
            if (!kql.isBlank()) {
                // The shipped queries are simple KQL (field : value joined by or); query_string reads them the same way.
                String lucene = kql.replaceAll("\\s*:\\s*", ":").replace(" or ", " OR ").replace(" and ", " AND ");
                body.putObject("query").putObject("query_string").put("query", lucene);
            }
            JsonNode result = request("POST", "/" + view + "-*/_search", body.toString());
            long hits = result.path("hits").path("total").path("value").asLong();
            boolean ruleEvidence = o.path("id").asText().startsWith("tw-evidence-");
            if (!ruleEvidence) {
                assertThat(hits).as("%s %s finds documents", type, o.path("id").asText()).isPositive();
                if (result.has("aggregations")) {
                    JsonNode first = result.path("aggregations").elements().next();
                    assertThat(first.path("buckets").size()).as("%s buckets", o.path("id").asText()).isPositive();
                }
            }
            panels++;
        }
        assertThat(panels).isGreaterThan(15);
    }

    @Test
    @Order(6)
    void aDocumentElasticsearchRefusesGoesToTheDeadLettersAndTheRestIsIndexed() throws Exception {
        Event good = TestEvents.event("2026-11-20T10:00:00Z", "image.pull", "tok-good", "203.0.113.7");
        good.id = "it-good";
        Event bad = TestEvents.event("2026-11-20T10:00:01Z", "image.pull", "tok-bad", "203.0.113.8");
        bad.id = "it-bad";
        bad.sourceIp = "not-an-ip"; // the parser never lets this through; here it reaches the ip mapping
        Path deadLetters = tmp.resolve("conflict-dead-letters.jsonl");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(TypeInformation.of(Event.class), good, bad)
                .sinkTo(ElasticsearchSink.events(EsSettings.of(es.url()), deadLetters));
        env.execute("mapping conflict");

        refresh();
        assertThat(search("tokenwatch-events", "{\"query\":{\"ids\":{\"values\":[\"it-good\",\"it-bad\"]}}}"))
                .extracting(h -> h.path("_id").asText()).containsExactly("it-good");
        List<JsonNode> letters = lines(deadLetters);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("origin").asText()).isEqualTo("elasticsearch:tokenwatch-events-2026.11.20/it-bad");
        assertThat(letters.get(0).path("reason").asText()).contains("400", "source.ip", "not-an-ip");
        assertThat(letters.get(0).path("raw").asText()).contains("\"tok-bad\"");
    }

    @Test
    @Order(7)
    void anOutageOfThirtySecondsMidStreamLosesNothing() throws Exception {
        int n = 3000;
        EsSettings settings = EsSettings.of(es.url()).withIndices(new IndexNames("outage"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, n)
                .map(i -> {
                    Thread.sleep(10); // about 30 s of traffic
                    Event e = new Event();
                    e.id = "outage-" + i;
                    e.timestamp = 1_795_000_000_000L + i;
                    e.action = "image.pull";
                    e.sourceIp = "198.51.100." + (i % 250);
                    return e;
                }, TypeInformation.of(Event.class))
                .sinkTo(ElasticsearchSink.events(settings, tmp.resolve("outage-dead-letters.jsonl")));
        JobClient job = env.executeAsync("outage");
        Thread.sleep(5_000);
        long stopping = System.nanoTime();
        es.stop();
        long stopped = System.nanoTime();
        Thread.sleep(30_000);
        es.start();
        System.err.printf("Elasticsearch took %.1f s to stop, was down %.1f s, up again after %.1f s%n",
                (stopped - stopping) / 1e9, 30.0, (System.nanoTime() - stopping) / 1e9);
        job.getJobExecutionResult().get(3, java.util.concurrent.TimeUnit.MINUTES);

        refresh();
        assertThat(count("outage-events-*")).isEqualTo(n);
        assertThat(tmp.resolve("outage-dead-letters.jsonl")).doesNotExist();
    }

    @Test
    @Order(8)
    void theBenchmarkReportsThroughputAndLatencyAndCleansUp() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = TokenwatchCli.execute("es", "bench", "--es-url", es.url(), "--events", "2000", "--alerts", "40", "--rate", "40");
        } finally {
            System.setOut(old);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        System.err.print(report);
        assertThat(exit).isZero();
        assertThat(report).contains("2000 searchable", "documents/s", "p50", "p99", "(40 of 40 alerts");
        assertThat(get("/_cat/indices/twbench-*?format=json")).isEmpty();
    }

    private void replay(Path out) throws IOException {
        int exit = TokenwatchCli.execute("replay", "--es-url", es.url(), "--out", out.toString(),
                "--dead-letters", tmp.resolve("dead-letters.jsonl").toString(),
                TestRules.repoRoot().resolve("samples").toString());
        assertThat(exit).isZero();
        refresh();
    }

    /** The event ids the parser makes of the samples: each becomes exactly one document. */
    private static long distinctSampleEventIds() throws IOException {
        EventParser parser = new EventParser();
        Set<String> ids = new HashSet<>();
        try (Stream<Path> files = Files.list(TestRules.repoRoot().resolve("samples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    for (Event e : parser.parse(RawRecord.of(f.toString(), i + 1, lines.get(i))).events()) ids.add(e.id);
                }
            }
        }
        return ids.size();
    }

    JsonNode source(String alertId) throws IOException {
        List<JsonNode> hits = search("tokenwatch-alerts", "{\"query\":{\"ids\":{\"values\":[\"" + alertId + "\"]}}}");
        assertThat(hits).hasSize(1);
        return hits.get(0).path("_source");
    }

    List<JsonNode> search(String index, String body) throws IOException {
        JsonNode r = request("POST", "/" + index + "/_search", body);
        return java.util.stream.StreamSupport.stream(r.path("hits").path("hits").spliterator(), false).toList();
    }

    long count(String index) throws IOException {
        return get("/" + index + "/_count").path("count").asLong();
    }

    void refresh() throws IOException {
        request("POST", "/_refresh", null);
    }

    JsonNode get(String path) throws IOException {
        return request("GET", path, null);
    }

    JsonNode request(String method, String path, String body) throws IOException {
        Request r = new Request(method, path);
        if (body != null) r.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        return Json.MAPPER.readTree(EntityUtils.toString(rest.performRequest(r).getEntity(), StandardCharsets.UTF_8));
    }

    static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

}
