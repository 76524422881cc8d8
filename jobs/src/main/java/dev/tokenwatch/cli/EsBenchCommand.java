package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.job.EventTypes;
import dev.tokenwatch.job.OutputSinks;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.sink.elasticsearch.ElasticsearchSink;
import dev.tokenwatch.sink.elasticsearch.EsClients;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.sink.elasticsearch.EsSetup;
import dev.tokenwatch.sink.elasticsearch.IndexNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code es bench}: on this machine and cluster, (1) how many enriched events per second the
 * Elasticsearch sink indexes, and (2) how long it takes from an event entering the job (the shipped
 * rules, in-process Flink) until its alert is searchable in Elasticsearch, as p50/p99. Writes to
 * indices with their own prefix (default {@code twbench}) and deletes them afterwards.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure indexing throughput (documents/s) and event-to-searchable-alert latency (p50/p99).")
final class EsBenchCommand implements Callable<Integer> {
    /** When each benchmark event entered the job (the job runs in this JVM). */
    static final Map<String, Long> ENTERED = new ConcurrentHashMap<>();

    @Mixin
    EsOptions es;

    @Mixin
    DataOptions data;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000", description = "Events for the throughput run (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--alerts", paramLabel = "N", defaultValue = "500", description = "Alerting events for the latency run (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50", description = "Alerting events per second in the latency run (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", defaultValue = "1", description = "Sink parallelism for the throughput run (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--keep", description = "Keep the benchmark indices.")
    boolean keep;

    @Mixin
    TempDirOptions tmp;

    /** The latency run is the live job's: alerts wait for the watermark (--out-of-orderness). */
    @Mixin
    EventTimeOptions time;

    @Override
    public Integer call() throws Exception {
        if (es.indexPrefix.equals("tokenwatch")) es.indexPrefix = "twbench";
        es.startLocalIfAsked(System.err);
        EsSettings settings = es.settings();
        if (settings == null) throw new UsageException(EsOptions.NONE_CONFIGURED);
        IndexNames names = settings.indices();
        System.err.println("Elasticsearch: " + EsClients.checkReachable(settings) + "; indices " + names.prefix + "-*");
        RuleLoader.Result ruleSet = RuleSetLoader.loadOrFail(null, System.err);
        try (RunTempDir work = tmp.open(); RestClient rest = EsClients.restClient(settings)) {
            new EsSetup(rest, names).install("1d", "1d");
            String run = Long.toString(System.currentTimeMillis(), 36);
            throughput(settings, rest, run, work);
            latency(settings, rest, run, ruleSet, work);
            if (!keep) deleteIndices(rest, names);
        }
        return 0;
    }

    private void throughput(EsSettings settings, RestClient rest, String run, RunTempDir work) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(work.configure(new Configuration()));
        env.setParallelism(parallelism);
        long now = System.currentTimeMillis();
        env.fromSequence(1, events)
                .map(i -> syntheticEvent(run, i, now), EventTypes.EVENT)
                .sinkTo(ElasticsearchSink.events(settings, work.dir().resolve("throughput-es-dead-letters.jsonl")));
        long started = System.nanoTime();
        env.execute("tokenwatch es bench: throughput");
        double seconds = (System.nanoTime() - started) / 1e9;
        request(rest, "POST", "/" + settings.indices().eventsPattern() + "/_refresh", null);
        long indexed = request(rest, "GET", "/" + settings.indices().eventsPattern() + "/_count", null).path("count").asLong();
        System.out.printf("indexing:  %d events in %.1f s = %.0f documents/s (sink parallelism %d, job start-up included); %d searchable%n",
                events, seconds, events / seconds, parallelism, indexed);
    }

    private void latency(EsSettings settings, RestClient rest, String run, RuleLoader.Result ruleSet, RunTempDir work) throws Exception {
        ENTERED.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(work.configure(new Configuration()));
        env.setParallelism(1);
        long pause = Math.max(1, 1000 / Math.max(1, rate));
        var records = env.fromSequence(1, alerts).map(i -> {
            Thread.sleep(pause);
            String id = "bench-" + run + "-alerting-" + i;
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.put("@timestamp", Instant.now().toString());
            e.putObject("event").put("id", id).put("action", "image.push").put("outcome", "success");
            e.putObject("user").put("name", "bench");
            e.putObject("token").put("id", "bench-" + run + "-token-" + i).putArray("scopes").add("repo:read");
            e.putObject("repository").put("name", "bench/app");
            e.putObject("image").put("tag", "t" + i);
            ENTERED.put(id, System.currentTimeMillis());
            return RawRecord.of("bench", i, e.toString());
        }, EventTypes.RAW_RECORD);
        Path deadLetters = work.dir().resolve("latency-dead-letters.jsonl");
        OutputSinks.attach(TokenwatchJob.build(records, ruleSet.enabledRules(), null, null, time.eventTime()),
                OutputSinks.Settings.files(work.dir().resolve("latency-alerts.jsonl"), deadLetters, OutputSinks.Files.AT_ONCE)
                        .withElasticsearch(settings, DeadLetterFiles.forElasticsearch(deadLetters)));
        JobClient job = env.executeAsync("tokenwatch es bench: latency");
        List<Long> latencies = new ArrayList<>();
        // Alerts entering before the first one is searchable also wait for the month's alerts index
        // to be created: once a month in production, so reported apart from the steady state.
        List<Long> steady = new ArrayList<>();
        long firstSearchable = 0;
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        long deadline = System.currentTimeMillis() + alerts * pause + 120_000;
        String query = "{\"size\":1000,\"_source\":[\"event.ids\"],\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"rule.id\":\"tw-push-read-only-token\"}},{\"prefix\":{\"token.id\":\"bench-" + run + "-\"}}],"
                + "\"must_not\":[{\"range\":{\"@timestamp\":{\"lt\":\"%s\"}}}]}},\"sort\":[{\"@timestamp\":\"asc\"}]}";
        String from = Instant.ofEpochMilli(System.currentTimeMillis() - 60_000).toString();
        while (seen.size() < alerts && System.currentTimeMillis() < deadline) {
            JsonNode hits;
            try {
                hits = request(rest, "POST", "/" + settings.indices().alertsPattern() + "/_search?ignore_unavailable=true&allow_no_indices=true",
                        String.format(query, from)).path("hits").path("hits");
            } catch (ResponseException e) {
                Thread.sleep(20); // e.g. 503 while the first alerts index is being created
                continue;
            }
            long now = System.currentTimeMillis();
            for (JsonNode hit : hits) {
                String eventId = hit.path("_source").path("event").path("ids").path(0).asText();
                Long entered = ENTERED.get(eventId);
                if (entered != null && seen.putIfAbsent(eventId, true) == null) {
                    latencies.add(now - entered);
                    if (firstSearchable == 0) firstSearchable = now;
                    if (entered >= firstSearchable) steady.add(now - entered);
                }
            }
            if (hits.size() > 900) from = Instant.ofEpochMilli(now - 5_000).toString();
            Thread.sleep(20);
        }
        job.getJobExecutionResult().get();
        Collections.sort(latencies);
        if (latencies.isEmpty()) {
            System.out.println("latency:   no alert became searchable");
            return;
        }
        System.out.printf("latency:   event entering the job -> its alert searchable: p50 %d ms, p99 %d ms, max %d ms"
                        + " (%d of %d alerts, %d events/s, searched every 20 ms, refresh interval 1 s)%n",
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1),
                latencies.size(), alerts, rate);
        if (!steady.isEmpty()) {
            Collections.sort(steady);
            System.out.printf("           once the alerts index exists: p50 %d ms, p99 %d ms, max %d ms (%d alerts; the %d before"
                            + " waited for its creation)%n", percentile(steady, 50), percentile(steady, 99),
                    steady.get(steady.size() - 1), steady.size(), latencies.size() - steady.size());
        }
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static Event syntheticEvent(String run, long i, long now) {
        Event e = new Event();
        e.id = "bench-" + run + "-" + i;
        e.timestamp = now + i;
        e.action = i % 10 == 0 ? "image.push" : "image.pull";
        e.outcome = "success";
        e.dataset = "tokenwatch.native";
        e.userName = "user-" + (i % 97);
        e.tokenId = "tok-" + (i % 211);
        e.tokenKind = "personal";
        e.tokenScopes = new String[] {"repo:read", "repo:write"};
        e.sourceIp = "198.51.100." + (i % 250);
        e.networkClass = "public";
        e.countryIsoCode = "DE";
        e.countryName = "Germany";
        e.cityName = "Berlin";
        e.latitude = 52.52;
        e.longitude = 13.40;
        e.asNumber = 64500L + (i % 10);
        e.asOrganization = "Example AS";
        e.userAgent = "docker/27.0.3 go/go1.22.5 os/linux arch/amd64";
        e.repositoryName = "acme/app-" + (i % 13);
        e.imageTag = "v" + (i % 50);
        return e;
    }

    private static void deleteIndices(RestClient rest, IndexNames names) throws Exception {
        JsonNode indices = request(rest, "GET", "/" + names.prefix + "-*/_settings?filter_path=*.settings.index.provided_name", null);
        for (Iterator<String> it = indices.fieldNames(); it.hasNext(); ) request(rest, "DELETE", "/" + it.next(), null);
    }

    private static JsonNode request(RestClient rest, String method, String path, String body) throws Exception {
        Request r = new Request(method, path);
        if (body != null) r.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        String text = EntityUtils.toString(rest.performRequest(r).getEntity(), StandardCharsets.UTF_8);
        return text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
    }
}
