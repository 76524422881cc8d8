package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.cli.TokenwatchCli;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.inventory.TokenRecord;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.ElasticsearchTestServer;
import dev.tokenwatch.testing.SampleAlerts;
import dev.tokenwatch.testing.SamplesJob;
import dev.tokenwatch.testing.TestEvents;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
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
        assertThat(second.path("index_templates")).hasSize(3);
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

    /**
     * The job's live inventory, indexed one document per token, says what {@code tokens list} says over the same files
     * (status after revocation and deletion, uses, last use, countries, networks, pushes), and lists the alerts raised on
     * each token's events.
     */
    @Test
    @Order(4)
    void theTokenIndexHoldsTheInventoryOfTheFilesAndEachTokensAlerts() throws Exception {
        Cli.Run list = Cli.run("tokens", "list", "--json", TestRules.repoRoot().resolve("samples").toString());
        assertThat(list.exit()).as(list.err()).isZero();
        Map<String, JsonNode> files = new TreeMap<>();
        for (String line : list.out().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode doc = Json.MAPPER.readTree(line);
            files.put(doc.at("/token/id").asText(), doc);
        }
        Map<String, JsonNode> indexed = tokenDocuments();
        assertThat(indexed.keySet()).isEqualTo(files.keySet());
        for (var file : files.entrySet()) {
            ObjectNode doc = indexed.get(file.getKey()).deepCopy();
            doc.remove(List.of("@timestamp", "inventory_state", "alerts"));
            assertThat(doc).as(file.getKey()).isEqualTo(file.getValue());
        }
        Map<String, Set<String>> alertsByToken = new TreeMap<>();
        for (JsonNode hit : search("tokenwatch-alerts", "{\"size\":10000,\"query\":{\"exists\":{\"field\":\"token.id\"}}}")) {
            JsonNode a = hit.path("_source");
            alertsByToken.computeIfAbsent(a.at("/token/id").asText(), t -> new TreeSet<>()).add(a.at("/alert/id").asText());
        }
        assertThat(alertsByToken).isNotEmpty();
        for (var token : alertsByToken.entrySet()) {
            Set<String> listed = new TreeSet<>();
            indexed.get(token.getKey()).at("/alerts/values").forEach(v -> listed.add(v.asText()));
            assertThat(listed).as("alerts on " + token.getKey()).isEqualTo(token.getValue());
        }
    }

    /**
     * {@code tokens list --es-url} rebuilds each record from the index and filters it as {@code tokens list} does over
     * the same files: the same tokens, the same JSON, line for line, plus the alerts the job raised on each token (which
     * event files alone do not know). Read in pages of seven, the index gives the same tokens in the same order.
     */
    @Test
    @Order(5)
    void tokensListOverTheIndexListsWhatItListsOverTheFiles() throws Exception {
        String samples = TestRules.repoRoot().resolve("samples").toString();
        for (List<String> filter : List.of(List.<String>of(), List.of("--status", "revoked"), List.of("--kind", "auto", "--user", "kbauer"),
                List.of("--country", "PL"))) {
            Cli.Run files = Cli.run(tokensList(filter, samples));
            Cli.Run index = Cli.run(tokensList(filter, "--es-url", es.url()));
            assertThat(index.exit()).as(index.err()).isZero();
            List<JsonNode> fromIndex = jsonLines(index.out());
            assertThat(fromIndex).as("tokens list %s", filter).isNotEmpty();
            fromIndex.forEach(doc -> ((ObjectNode) doc).remove("alerts"));
            assertThat(fromIndex).as("tokens list %s", filter).isEqualTo(jsonLines(files.out()));
        }
        List<JsonNode> revoked = jsonLines(Cli.run(tokensList(List.of("--status", "revoked"), "--es-url", es.url())).out());
        assertThat(revoked).anySatisfy(doc -> assertThat(doc.at("/alerts/total").asLong()).isPositive());
        assertThat(Cli.run(tokensList(List.of("--kind", "auto", "--user", "kbauer"), "--es-url", es.url())).out().lines()).hasSize(6);
        assertThat(Cli.run(tokensList(List.of(), samples, "--es-url", es.url())).exit()).isEqualTo(2);
        List<String> inOnePage = new TokenIndexReader(rest, IndexNames.DEFAULT).readAll().stream().map(TokenRecord::id).toList();
        List<String> inPagesOfSeven = new TokenIndexReader(rest, IndexNames.DEFAULT, 7).readAll().stream().map(TokenRecord::id).toList();
        assertThat(inOnePage).hasSize((int) count("tokenwatch-tokens")).hasSizeGreaterThan(7 * 10);
        assertThat(inPagesOfSeven).isEqualTo(inOnePage);
    }

    /**
     * {@code triage --es-url} reads the events the job indexed and reports what {@code triage} reports over the files they
     * came from, finding for finding. Read in pages of 97, the events indices give the same events in the same order.
     */
    @Test
    @Order(6)
    void triageOverTheIndexReportsWhatItReportsOverTheFiles() throws Exception {
        String since = "2026-11-17T18:00:00Z";
        Cli.Run files = Cli.run("triage", "--since", since, "--format", "json", TestRules.repoRoot().resolve("samples").toString());
        Cli.Run index = Cli.run("triage", "--since", since, "--format", "json", "--es-url", es.url());
        assertThat(files.exit()).as(files.err()).isZero();
        assertThat(index.exit()).as(index.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(index.out());
        assertThat(report.path("suspects")).hasSizeGreaterThan(20);
        assertThat(report).isEqualTo(Json.MAPPER.readTree(files.out()));
        assertThat(index.err()).contains(String.format(Locale.ROOT, "%,d events since 2026-08-19T18:00:00Z from tokenwatch-events-*",
                distinctSampleEventIds()));

        List<String> inOnePage = new EventIndexReader(rest, IndexNames.DEFAULT).from(0, d -> {}).stream().map(e -> e.id).toList();
        List<String> inPages = new EventIndexReader(rest, IndexNames.DEFAULT, 97).from(0, d -> {}).stream().map(e -> e.id).toList();
        assertThat(inOnePage).hasSize((int) distinctSampleEventIds());
        assertThat(inPages).isEqualTo(inOnePage);
    }

    /**
     * {@code tokens show --es-url} rebuilds a token's timeline from the events the job indexed: for dana's stolen token
     * (attack A) and rgomez's, whose owner was removed from the organization, it prints what it prints over the files,
     * and its Alerts section lists exactly the alerts the alerts index holds for the token: the ones the rules raise
     * over the files in process, too.
     */
    @Test
    @Order(7)
    void tokensShowOverTheIndexPrintsTheTimelineAndTheAlertsTheJobRaised() throws Exception {
        for (String token : List.of("tok-dana-laptop", "tok-rgomez-laptop")) {
            Cli.Run files = Cli.run("tokens", "show", token, TestRules.repoRoot().resolve("samples").toString());
            Cli.Run index = Cli.run("tokens", "show", token, "--es-url", es.url());
            assertThat(index.exit()).as(index.err()).isZero();
            assertThat(index.out()).as(token).isEqualTo(files.out());

            Set<String> indexed = new TreeSet<>();
            for (JsonNode hit : search("tokenwatch-alerts", "{\"size\":100,\"query\":{\"term\":{\"token.id\":\"" + token + "\"}}}")) {
                indexed.add(hit.path("_source").path("alert").path("id").asText());
            }
            List<String> lines = index.out().lines().toList();
            List<String> rows = lines.subList(lines.indexOf("Alerts") + 2, lines.size());
            Set<String> listed = new TreeSet<>();
            rows.forEach(row -> listed.add(row.strip().split("\\s{2,}")[3]));
            assertThat(listed).as("alerts on " + token).hasSize(rows.size()).isEqualTo(indexed);
        }
        assertThat(Cli.run("tokens", "show", "tok-dana-laptop", "--es-url", es.url()).out()).contains("tw-token-new-source", "tw-push-new-actor");
        Cli.Run unknown = Cli.run("tokens", "show", "tok-nobody", "--es-url", es.url());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no event names token tok-nobody");
    }

    private static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) docs.add(Json.MAPPER.readTree(line));
        return docs;
    }

    private static String[] tokensList(List<String> filter, String... source) {
        List<String> args = new ArrayList<>(List.of("tokens", "list", "--json"));
        args.addAll(filter);
        args.addAll(List.of(source));
        return args.toArray(String[]::new);
    }

    /** Token id -> its document in the inventory index. */
    private Map<String, JsonNode> tokenDocuments() throws IOException {
        Map<String, JsonNode> docs = new TreeMap<>();
        for (JsonNode hit : search("tokenwatch-tokens", "{\"size\":10000}")) docs.put(hit.path("_id").asText(), hit.path("_source"));
        return docs;
    }

    @Test
    @Order(8)
    void replayingAgainDuplicatesNothingAndKeepsTheAnalystsStatus() throws Exception {
        long alerts = count("tokenwatch-alerts");
        long events = count("tokenwatch-events");
        JsonNode hit = search("tokenwatch-alerts", "{\"size\":1,\"sort\":[{\"alert.count\":\"desc\"}]}").get(0);
        String id = hit.path("_id").asText();
        long count = hit.path("_source").path("alert").path("count").asLong();
        request("POST", "/" + hit.path("_index").asText() + "/_update/" + id + "?refresh=true",
                "{\"doc\":{\"alert\":{\"status\":\"acknowledged\",\"assignee\":\"sam\"}}}");

        Map<String, JsonNode> tokens = tokenDocuments();

        replay(tmp.resolve("alerts-2.jsonl"));

        assertThat(count("tokenwatch-alerts")).isEqualTo(alerts);
        assertThat(count("tokenwatch-events")).isEqualTo(events);
        Map<String, JsonNode> again = tokenDocuments();
        assertThat(again.keySet()).isEqualTo(tokens.keySet());
        tokens.forEach((token, doc) -> assertThat(again.get(token)).as("the inventory document of " + token).isEqualTo(doc));
        JsonNode after = source(id);
        assertThat(after.path("alert").path("status").asText()).isEqualTo("acknowledged");
        assertThat(after.path("alert").path("assignee").asText()).isEqualTo("sam");
        assertThat(after.path("alert").path("count").asLong()).isEqualTo(count);
    }

    /**
     * The aggregations behind every shipped panel run on the real cluster and find data in the samples, except the
     * rules' evidence and the dormant tokens, whose query is relative to the wall clock. The token inventory's panels
     * find what the samples hold: kbauer's six auto-generated tokens, tokens used after revocation.
     */
    @Test
    @Order(9)
    void theQueriesBehindTheDashboardPanelsReturnDataForTheSamples() throws Exception {
        int panels = 0;
        List<JsonNode> objects = dev.tokenwatch.dashboards.DashboardFieldsTest.objects();
        Map<String, String> indexPatterns = new TreeMap<>();
        for (JsonNode o : objects) {
            if (o.path("type").asText().equals("index-pattern")) indexPatterns.put(o.path("id").asText(), o.at("/attributes/title").asText());
        }
        Map<String, JsonNode> results = new TreeMap<>();
        for (JsonNode o : objects) {
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
                // The shipped queries are simple KQL (field : value or field < value, joined by or, and, not, in parentheses);
                // query_string reads them the same way once written field:value and field:<value.
                String lucene = kql.replaceAll("\\s*:\\s*", ":").replaceAll("\\s*(<=|>=|<|>)\\s*", ":$1")
                        .replace(" or ", " OR ").replace(" and ", " AND ").replace("not ", "NOT ");
                body.putObject("query").putObject("query_string").put("query", lucene);
            }
            JsonNode result = request("POST", "/" + indexPatterns.get(view) + "/_search", body.toString());
            results.put(o.path("id").asText(), result);
            long hits = result.path("hits").path("total").path("value").asLong();
            boolean dataDependsOnRulesOrClock = o.path("id").asText().startsWith("tw-evidence-") || o.path("id").asText().equals("tw-tokens-dormant");
            if (!dataDependsOnRulesOrClock) {
                assertThat(hits).as("%s %s finds documents", type, o.path("id").asText()).isPositive();
                if (result.has("aggregations")) {
                    JsonNode first = result.path("aggregations").elements().next();
                    assertThat(first.path("buckets").size()).as("%s buckets", o.path("id").asText()).isPositive();
                }
            }
            panels++;
        }
        assertThat(panels).isGreaterThan(15);
        JsonNode autoPerUser = results.get("tw-tokens-auto-per-user").at("/aggregations/a2/buckets");
        assertThat(autoPerUser.get(0).path("key").asText()).isEqualTo("kbauer");
        assertThat(autoPerUser.get(0).path("doc_count").asLong()).isEqualTo(6);
        assertThat(results).containsKeys("tw-tokens-dormant", "tw-tokens-many-countries", "tw-tokens-used-after-end", "tw-tokens-by-kind-status");
    }

    @Test
    @Order(10)
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
    @Order(11)
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
    @Order(12)
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

    /**
     * Nothing lost, nothing twice: the samples through the real pipeline at parallelism 2 with
     * checkpoints, one task failing once after a checkpoint has completed and more records have passed,
     * so the job restores from that checkpoint (rule state, the file readers' positions, the sinks'
     * buffered requests) and replays the records after it. Elasticsearch then holds exactly what a run
     * without the failure produces: every alert id once with its final count, every event once.
     * <p>
     * With the sinks' own limits a checkpoint's buffered documents are sent within 200 ms of it, before
     * the failure can come, so a restore that dropped them would go unnoticed. A second events sink
     * (prefix {@code twfailover-held}) therefore keeps every document until the end of the input: the
     * documents of the records before the checkpoint exist only in the checkpoint, and only the
     * restored writer can deliver them.
     */
    @Test
    @Order(13)
    void aFailureAndRestoreFromACheckpointLosesAndDuplicatesNothing() throws Exception {
        IndexNames names = new IndexNames("twfailover");
        IndexNames held = new IndexNames("twfailover-held");
        EsSettings settings = EsSettings.of(es.url()).withIndices(names);
        for (IndexNames n : List.of(names, held)) {
            new EsSetup(rest, n).install("1d", "1d");
            deleteIndices(n);
        }
        Path esDeadLetters = tmp.resolve("failover-es-dead-letters.jsonl");

        long cleanStarted = System.nanoTime();
        Map<String, Long> clean = cleanRunFinalCounts();
        System.err.printf("clean run: %.1f s, %d alerts%n", (System.nanoTime() - cleanStarted) / 1e9, clean.size());
        assertThat(clean).hasSize(SampleAlerts.COUNT);

        FailOnceAfterCheckpoint.reset();
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, true);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, tmp.resolve("failover-checkpoints").toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = SamplesJob.build(env, records -> records
                .map(new FailOnceAfterCheckpoint()).uid("fail-once").name("fail once after a checkpoint"));
        outputs.alerts().sinkTo(ElasticsearchSink.alerts(settings, esDeadLetters)).uid("sink-es-alerts").name("elasticsearch alerts");
        outputs.events().sinkTo(ElasticsearchSink.events(settings, esDeadLetters)).uid("sink-es-events").name("elasticsearch events");
        var holdBack = new ElasticsearchSink.Limits(50_000, 1, 100_000, 1L << 30, 3_600_000, 4L << 20);
        outputs.events().sinkTo(ElasticsearchSink.events(settings.withIndices(held), esDeadLetters, holdBack, RetryPolicy.defaults()))
                .uid("sink-es-events-held").name("elasticsearch events held back");
        long started = System.nanoTime();
        env.execute("failover");
        System.err.printf("failover run: %.1f s; failed after %d records, %d records since checkpoint %d; %d records passed in all%n",
                (System.nanoTime() - started) / 1e9, FailOnceAfterCheckpoint.FAILED_AT.get(),
                FailOnceAfterCheckpoint.SINCE_CHECKPOINT.get(), FailOnceAfterCheckpoint.CHECKPOINT.get(),
                FailOnceAfterCheckpoint.PASSED.get());

        Set<String> sampleEvents = sampleEventIds();
        assertThat(FailOnceAfterCheckpoint.THROWN).as("the injected failure happened").isTrue();
        assertThat(FailOnceAfterCheckpoint.CHECKPOINT.get()).as("a checkpoint completed before it").isPositive();
        assertThat(FailOnceAfterCheckpoint.MAX_ATTEMPT.get()).as("Flink restarted the tasks exactly once").isEqualTo(1);
        assertThat(FailOnceAfterCheckpoint.RESTORED).as("the restarted tasks restored from a checkpoint").isTrue();
        assertThat(FailOnceAfterCheckpoint.PASSED.get()).as("records after the checkpoint went through twice")
                .isGreaterThan(sampleLines());

        refresh();
        List<JsonNode> alertDocs = search(names.alertsPattern(), "{\"size\":1000,\"track_total_hits\":true}");
        List<String> alertIds = alertDocs.stream().map(h -> h.path("_id").asText()).toList();
        assertThat(alertIds).as("alert ids, each once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(clean.keySet());
        for (JsonNode hit : alertDocs) {
            JsonNode alert = hit.path("_source").path("alert");
            assertThat(alert.path("count").asLong()).as("count of %s", hit.path("_id").asText())
                    .isEqualTo(clean.get(hit.path("_id").asText()));
            assertThat(alert.path("id").asText()).isEqualTo(hit.path("_id").asText());
            assertThat(alert.path("status").asText()).isEqualTo("open");
        }
        for (IndexNames n : List.of(names, held)) {
            assertThat(count(n.eventsPattern())).as("events in %s", n.eventsPattern()).isEqualTo(sampleEvents.size());
            List<String> eventIds = search(n.eventsPattern(), "{\"size\":10000,\"_source\":false,\"sort\":[\"_doc\"]}")
                    .stream().map(h -> h.path("_id").asText()).toList();
            assertThat(eventIds).as("event ids in %s, each once", n.eventsPattern())
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sampleEvents);
        }
        assertThat(esDeadLetters).doesNotExist();

        deleteIndices(names);
        deleteIndices(held);
    }

    private void deleteIndices(IndexNames names) throws IOException {
        JsonNode indices = get("/" + names.eventsPattern() + "," + names.alertsPattern() + "/_settings?filter_path=*.settings.index.provided_name");
        for (var it = indices.fieldNames(); it.hasNext(); ) request("DELETE", "/" + it.next(), null);
    }

    /** Alert id to final count from the same pipeline at the same parallelism, without failure or Elasticsearch. */
    private static Map<String, Long> cleanRunFinalCounts() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<String, Long> counts = new HashMap<>();
        try (CloseableIterator<Alert> alerts = SamplesJob.build(env).alerts().collectAsync()) {
            env.execute("clean run");
            alerts.forEachRemaining(a -> counts.merge(a.id, a.count, Math::max));
        }
        return counts;
    }

    /**
     * A pass-through that throws once per test run: in the first subtask to see {@link #AFTER} records
     * after a completed checkpoint, once {@link #NOT_BEFORE} records have passed in all. Until its first
     * checkpoint completes each record takes a millisecond, so that happens while the samples are still
     * being read. Static state, because Flink makes new instances on restart.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<RawRecord, RawRecord>
            implements CheckpointListener, CheckpointedFunction {
        static final int AFTER = 100;
        /** Not before this many records in all, so the checkpoint restored from holds state worth losing. */
        static final int NOT_BEFORE = 2000;
        static volatile boolean THROWN;
        static volatile boolean RESTORED;
        static final AtomicLong PASSED = new AtomicLong();
        static final AtomicLong FAILED_AT = new AtomicLong();
        static final AtomicLong SINCE_CHECKPOINT = new AtomicLong();
        static final AtomicLong CHECKPOINT = new AtomicLong();
        static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();
        private static final AtomicBoolean FIRING = new AtomicBoolean();

        private transient long lastCompleted;
        private transient long since;

        static void reset() {
            THROWN = false;
            RESTORED = false;
            FIRING.set(false);
            PASSED.set(0);
            FAILED_AT.set(0);
            SINCE_CHECKPOINT.set(0);
            CHECKPOINT.set(0);
            MAX_ATTEMPT.set(0);
        }

        @Override
        public void open(OpenContext context) {
            MAX_ATTEMPT.accumulateAndGet(getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            if (context.isRestored()) RESTORED = true;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            lastCompleted = checkpointId;
            since = 0;
        }

        @Override
        public RawRecord map(RawRecord record) throws Exception {
            long passed = PASSED.incrementAndGet();
            if (THROWN) return record;
            if (lastCompleted > 0 && ++since >= AFTER && passed >= NOT_BEFORE && FIRING.compareAndSet(false, true)) {
                FAILED_AT.set(passed);
                SINCE_CHECKPOINT.set(since);
                CHECKPOINT.set(lastCompleted);
                THROWN = true;
                throw new IllegalStateException("injected failure " + since + " records after checkpoint " + lastCompleted);
            }
            if (lastCompleted == 0) Thread.sleep(1);
            return record;
        }
    }

    private void replay(Path out) throws IOException {
        int exit = TokenwatchCli.execute("replay", "--es-url", es.url(), "--out", out.toString(),
                "--dead-letters", tmp.resolve("dead-letters.jsonl").toString(),
                TestRules.repoRoot().resolve("samples").toString());
        assertThat(exit).isZero();
        refresh();
    }

    /** The number of event ids the parser makes of the samples: each becomes exactly one document. */
    private static long distinctSampleEventIds() throws IOException {
        return sampleEventIds().size();
    }

    private static long sampleLines() throws IOException {
        try (Stream<Path> files = Files.list(TestRules.repoRoot().resolve("samples"))) {
            long lines = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) lines += Files.readAllLines(f, StandardCharsets.UTF_8).size();
            return lines;
        }
    }

    /** The event ids the parser makes of the samples. */
    private static Set<String> sampleEventIds() throws IOException {
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
        return ids;
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
