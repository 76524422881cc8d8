package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.PipelineMetrics;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.samples.SampleGenerator;
import dev.tokenwatch.samples.population.PopulationStream;
import dev.tokenwatch.samples.population.TokenChurnStream;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.source.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: throughput of the rule pack against the same pipeline with no rules, measured in
 * one process on one input, alternating the two so machine noise hits both alike.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure events/s of the full rule pack against the pipeline with no rules (same input, same run).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "Size of the generated mixed-format stream (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--input", paramLabel = "FILE", description = "Use this event file instead of generating one.")
    Path input;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack to measure (default: the shipped rules/).")
    Path rules;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "Baseline/pack pairs to run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", defaultValue = "1", description = "Parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--scale", paramLabel = "N", defaultValue = "10",
            description = "Also run the pack copied to N times as many rules (other ids, thresholds raised by the copy's number); 1 for none (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--quick", description = "20,000 events, one round: a check that every stage runs and the figures are sane, in well under a minute; not a measurement.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures, the machine and the input as JSON.")
    Path json;

    @Mixin
    GeoOptions geo;

    @Mixin
    TempDirOptions tmp;

    /** --latency and --state run the long-running job: its event-time options apply. */
    @Mixin
    EventTimeOptions time;

    @Option(names = "--latency", description = "Measure event-to-alert latency instead: native events offered at --rate for --seconds through the long-running job (live event time), with a probe that alerts at once every 1000 events.")
    boolean latency;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50000", description = "--latency: events offered per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "30", description = "--latency: seconds of events offered (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--state", description = "Measure state bytes per token instead: the long-running job reads a population stream (--input, or one of --people) or a token churn stream (--tokens), with the heap and the RocksDB state backends (--backend). Also the heap used after a full GC once the job has settled, against before it started: the job's heap state, and what its operators load (GeoIP tables, Esper runtimes); not RocksDB's native memory.")
    boolean state;

    @Option(names = "--inventory", description = "--state: with the token inventory the job keeps when it indexes into Elasticsearch (--es-url).")
    boolean inventory;

    @Option(names = "--people", paramLabel = "N", defaultValue = "1000", description = "--state: head count of the generated population stream, 28 days (default: ${DEFAULT-VALUE}).")
    int people;

    @Option(names = "--tokens", paramLabel = "N", description = "--state: instead of a population, a generated token churn stream of N distinct tokens over 28 days: about N/3 users, each token created, then pulled once or twice from its user's home address (~2.5 events per token), for state at millions of tokens; fed a day at a time, as daily exports, so the job's order stage holds one day, not the whole history.")
    Integer tokens;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "both", description = "--state: the state backend to measure: hashmap (on the heap), rocksdb, or both (default: ${DEFAULT-VALUE}).")
    String backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RuleLoader.Result pack = RuleSetLoader.loadOrFail(rules, System.err);
        GeoSettings geoSettings = geo.settings();
        try (RunTempDir work = tmp.open()) {
            if (latency) return measureLatency(pack.enabledRules(), geoSettings, work);
            if (state) return measureState(pack.enabledRules(), geoSettings, work);
            List<Rule> scaled = scale > 1 ? RuleSetLoader.loadOrFail(ScaledPack.write(rules == null ? Home.rules() : rules,
                    work.dir().resolve("rules-x" + scale), scale), System.err).enabledRules() : List.of();
            return measureAll(pack.enabledRules(), scaled, geoSettings, work);
        }
    }

    private int measureAll(List<Rule> pack, List<Rule> scaled, GeoSettings geoSettings, RunTempDir work) throws Exception {
        if (quick) {
            events = Math.min(events, 20_000);
            rounds = 1;
        }
        Path file = input;
        if (file == null) {
            file = work.dir().resolve("mixed.jsonl");
            System.out.printf("generating %d mixed-format events ...%n", events);
            SampleGenerator.writeMixed(file, events, 42);
        }
        System.out.printf("input %s (%d MB), parallelism %d, GeoIP %s, %d rules in the pack%n", file,
                Files.size(file) >> 20, parallelism, geoSettings == null ? "off" : "on", pack.size());
        System.out.printf("%-10s %10s %8s %12s %8s %14s%n", "run", "events", "seconds", "events/s", "alerts", "peak heap MB");
        Figures figures = new Figures();
        for (int round = 0; round < rounds; round++) {
            figures.add("read_only", readOnly(file, false));
            figures.add("parse_only", readOnly(file, true));
            figures.add("no_rules", measure("no rules", file, List.of(), geoSettings, work));
            figures.add("full_pack", measure("full pack", file, pack, geoSettings, work));
            if (!scaled.isEmpty()) figures.add("pack_x" + scale, measure("pack x" + scale, file, scaled, geoSettings, work));
        }
        if (!scaled.isEmpty()) {
            System.out.printf("pack x%d (%d rules) / full pack throughput: %.2f%n", scale, scaled.size(),
                    figures.mean("pack_x" + scale) / figures.mean("full_pack"));
        }
        System.out.printf("full pack / no rules throughput: %.2f; full pack / parse only: %.2f (parse only is one thread, outside Flink)%n",
                figures.mean("full_pack") / figures.mean("no_rules"), figures.mean("full_pack") / figures.mean("parse_only"));
        if (json != null) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            machine(out);
            out.putObject("input").put("file", file.toString()).put("bytes", Files.size(file)).put("rounds", rounds)
                    .put("parallelism", parallelism).put("geoip", geoSettings != null).put("rules", pack.size())
                    .put("scaled_rules", scaled.size()).put("quick", quick);
            ObjectNode rates = out.putObject("events_per_second");
            figures.means().forEach(rates::put);
            ObjectNode ratios = out.putObject("ratios").put("full_pack_to_no_rules", figures.mean("full_pack") / figures.mean("no_rules"))
                    .put("full_pack_to_parse_only", figures.mean("full_pack") / figures.mean("parse_only"));
            if (!scaled.isEmpty()) ratios.put("pack_x" + scale + "_to_full_pack", figures.mean("pack_x" + scale) / figures.mean("full_pack"));
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            System.out.println("figures -> " + json);
        }
        return 0;
    }

    private int measureLatency(List<Rule> pack, GeoSettings geoSettings, RunTempDir work) throws Exception {
        if (rate <= 0 || seconds <= 0) throw new UsageException("--rate and --seconds must be positive");
        long edge = LatencyRun.edgeMillis(time.eventTime());
        if (seconds * 1000L <= 2 * edge) {
            throw new UsageException("--seconds " + seconds + ": the first and last " + edge / 1000.0 + " s are left out; offer more");
        }
        long offered = (long) rate * seconds;
        Path file = input;
        // The population stream has ~9 events per person and day over its 28 days.
        if (file == null) file = population(work, (int) Math.max(50, offered / 250));
        try (var lines = Files.lines(file)) {
            long available = lines.count();
            if (available < offered) {
                System.out.printf("%s holds %d events: offering those (%.1f s at %d/s)%n", file, available, available / (double) rate, rate);
                offered = available;
            }
        }
        System.out.printf("latency: %d native events from %s offered at %d/s, parallelism %d, GeoIP %s, %d rules, out-of-orderness %s%n",
                offered, file, rate, parallelism, geoSettings == null ? "off" : "on", pack.size(), time.outOfOrderness);
        LatencyRun.Result result = LatencyRun.run(work, file, offered, rate, pack, geoSettings, time.eventTime(), parallelism);
        System.out.printf("offered %d events in %.1f s with start-up; %.0f/s reached between the first and last probe (%d/s asked); %d probe alerts measured, %d of the first and last %.1f s left out%n",
                result.offered(), result.seconds(), result.reachedRate(), rate, result.latencies().length,
                result.leftOut(), edge / 1000.0);
        System.out.printf("event-to-alert latency ms: p50 %d, p99 %d, max %d%n",
                result.percentile(0.5), result.percentile(0.99), result.percentile(1.0));
        if (json != null) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            machine(out);
            out.putObject("input").put("file", file.toString()).put("events", result.offered()).put("rate", rate)
                    .put("parallelism", parallelism).put("geoip", geoSettings != null).put("rules", pack.size())
                    .put("out_of_orderness_ms", time.outOfOrderness.toMillis());
            out.putObject("latency_ms").put("p50", result.percentile(0.5)).put("p99", result.percentile(0.99))
                    .put("max", result.percentile(1.0)).put("alerts", result.latencies().length).put("left_out", result.leftOut());
            out.put("seconds", result.seconds()).put("reached_rate", result.reachedRate());
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            System.out.println("figures -> " + json);
        }
        return 0;
    }

    private int measureState(List<Rule> pack, GeoSettings geoSettings, RunTempDir work) throws Exception {
        List<String> backends = switch (backend) {
            case "hashmap", "rocksdb" -> List.of(backend);
            case "both" -> List.of("hashmap", "rocksdb");
            default -> throw new UsageException("--backend " + backend + ": hashmap, rocksdb or both");
        };
        StateInput in = tokens != null ? tokenChurn(work) : StateInput.counted(input != null ? input : population(work, people));
        System.out.printf("state: %d records from %s, %d tokens, %d entities (tokens, and users seen without one); parallelism %d, GeoIP %s, %d rules%s%n",
                in.records(), in.file(), in.tokens(), in.entities(), parallelism, geoSettings == null ? "off" : "on", pack.size(),
                inventory ? ", token inventory" : "");
        ObjectNode out = Json.MAPPER.createObjectNode();
        machine(out);
        out.putObject("input").put("file", in.file().toString()).put("records", in.records()).put("tokens", in.tokens())
                .put("entities", in.entities()).put("generated_tokens", tokens != null).put("parallelism", parallelism)
                .put("geoip", geoSettings != null).put("rules", pack.size()).put("token_inventory", inventory);
        ObjectNode figures = out.putObject("state_bytes");
        // Printed after the runs: a run fed a day at a time prints a line per day as it goes.
        List<String> rows = new ArrayList<>();
        for (String name : backends) {
            StateSizeRun.Measurement m = in.days().isEmpty()
                    ? StateSizeRun.measure(work, in.file(), in.records(), name, pack, geoSettings, time.eventTime(), parallelism, inventory)
                    // Its days are dated ahead of the wall clock on purpose (tokenChurn): up to five weeks.
                    : StateSizeRun.measureDays(work, in.days(), name, pack, geoSettings,
                            time.eventTime().withMaxAhead(Duration.ofDays(TokenChurnStream.DAYS + 14)), parallelism, inventory);
            long perToken = m.checkpointBytes() / Math.max(1, in.tokens());
            long heapPerToken = (m.heapUsedAfterGc() - m.heapBaseline()) / Math.max(1, in.tokens());
            rows.add(String.format("%-9s %16d %10d %14d %14d %10d", name, m.checkpointBytes(), perToken, m.heapUsedAfterGc(),
                    m.heapBaseline(), heapPerToken));
            ObjectNode backendFigures = figures.putObject(name).put("checkpoint", m.checkpointBytes()).put("checkpoint_per_token", perToken)
                    .put("heap_used_after_gc", m.heapUsedAfterGc()).put("heap_baseline", m.heapBaseline()).put("heap_per_token", heapPerToken);
            if (!m.days().isEmpty()) {
                ArrayNode days = backendFigures.putArray("days");
                for (StateSizeRun.DayFigures day : m.days()) {
                    ObjectNode d = days.addObject().put("day", day.day()).put("events", day.events()).put("tokens", day.tokens())
                            .put("rule_hits", day.ruleHits()).put("seconds", day.seconds()).put("events_per_s", day.eventsPerSecond());
                    day.heapAfterGc().ifPresent(heap -> d.put("heap_after_gc", heap));
                }
            }
        }
        System.out.printf("%-9s %16s %10s %14s %14s %10s%n", "backend", "checkpoint bytes", "per token", "heap after GC", "heap baseline", "heap/token");
        rows.forEach(System.out::println);
        System.out.println("(all of the job's state divided by the tokens: per-user, per-network and per-repository state included;"
                + " heap in bytes after a full GC, with the job's GeoIP tables and Esper runtimes, without RocksDB's native memory)");
        if (json != null) {
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            System.out.println("figures -> " + json);
        }
        return 0;
    }

    /**
     * The generated churn stream, a file per day, to be fed a day at a time: its size is
     * known, so the files are not read again to count it.
     */
    private StateInput tokenChurn(RunTempDir work) throws IOException {
        if (tokens <= 0) throw new UsageException("--tokens must be > 0, got " + tokens);
        for (String other : List.of("--people", "--input")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(other)) {
                throw new UsageException("--tokens generates the stream: give it or " + other + ", not both");
            }
        }
        Path dir = work.dir().resolve("token-churn");
        System.out.printf("generating a token churn stream of %d tokens over %d days (about %d events) ...%n", tokens,
                TokenChurnStream.DAYS, tokens * 5L / 2);
        // The days are fed in minutes: once its input is quiet, the job's event time follows the wall clock, so days
        // behind the wall clock would come in late, past the order stage, with their rules' timers already due. Ahead
        // of it, each day is held until read and then released. From next Monday, as the samples start on a Monday.
        long start = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // One file a day, read by one reader (StateSizeRun): a reader that has read a day keeps its watermark at that
        // day's end, ahead of the wall clock, so with two, one that got no file of the next day held the order stage
        // a day behind (a part per reader did not help: the source assigns files to readers as it likes).
        TokenChurnStream.Written written = TokenChurnStream.writeDays(dir, tokens, 42, start);
        // Every event names its token, so the job's entities are the tokens.
        return new StateInput(dir, written.events(), written.tokens(), written.tokens(), written.days());
    }

    /**
     * What --state runs the job over.
     *
     * @param file the file, or with {@code days} the directory of their files
     * @param days the days to feed one after another, or none to read {@code file} at once
     */
    private record StateInput(Path file, long records, long tokens, long entities, List<TokenChurnStream.Day> days) {
        /** A stream of unknown make-up: read once to count its tokens and entities. */
        static StateInput counted(Path file) throws IOException {
            Set<String> tokens = new HashSet<>();
            Set<String> entities = new HashSet<>();
            long records = 0;
            EventParser parser = new EventParser();
            try (LineReader reader = new LineReader(file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                    records++;
                    for (Event e : parser.parse(record).events()) {
                        if (e.tokenId != null) tokens.add(e.tokenId);
                        if (e.entityId != null) entities.add(e.entityType + ":" + e.entityId);
                    }
                }
            }
            return new StateInput(file, records, tokens.size(), entities.size(), List.of());
        }
    }

    /** A generated population stream of {@code people} over 28 days, native format, for --latency and --state. */
    private static Path population(RunTempDir work, int people) throws IOException {
        Path dir = work.dir().resolve("population");
        System.out.printf("generating a population stream of %d people over 28 days (about %d events) ...%n", people, people * 260L);
        PopulationStream.write(dir, 28, people, 42);
        return dir.resolve(PopulationStream.NATIVE_FILE);
    }

    private static void machine(ObjectNode out) {
        out.putObject("machine").put("cores", Runtime.getRuntime().availableProcessors())
                .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Each stage's events/s over the rounds. */
    private static final class Figures {
        private final Map<String, List<Double>> rates = new LinkedHashMap<>();

        void add(String stage, double rate) {
            rates.computeIfAbsent(stage, s -> new ArrayList<>()).add(rate);
        }

        double mean(String stage) {
            return rates.get(stage).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        Map<String, Double> means() {
            Map<String, Double> means = new LinkedHashMap<>();
            rates.keySet().forEach(stage -> means.put(stage, mean(stage)));
            return means;
        }
    }

    /**
     * The input read (and parsed) in this process on one thread, outside Flink: the ceiling the job's first stages
     * work under, and what a change to the reader or a parser moves. Records for {@code read}, events for {@code parse}.
     */
    private static double readOnly(Path file, boolean parse) throws IOException {
        EventParser parser = new EventParser();
        long started = System.nanoTime();
        long count = 0;
        try (LineReader reader = new LineReader(file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                count += parse ? parser.parse(record).events().size() : 1;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%-10s %10d %8.1f %12.0f %8s %14s%n", parse ? "parse only" : "read only", count, seconds, count / seconds, "-", "-");
        return count / seconds;
    }

    private double measure(String name, Path file, List<Rule> rules, GeoSettings geoSettings, RunTempDir work) throws Exception {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        BoundedRun.Result result = BoundedRun.run(work, List.of(file), rules, geoSettings, EventTime.WHOLE_INPUT, parallelism,
                work.dir().resolve(name.replace(' ', '-') + "-alerts.jsonl"), work.dir().resolve("dead-letters.jsonl"), null);
        sampler.interrupt();
        System.out.printf("%-10s %10d %8.1f %12.0f %8d %14d%n", name, result.count(PipelineMetrics.EVENTS_PARSED),
                result.seconds(), result.eventsPerSecond(), result.count(PipelineMetrics.ALERTS), peak.get() >> 20);
        return result.eventsPerSecond();
    }
}
