package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.PipelineMetrics;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.source.RecordFileFormat;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replay}: a bounded run in event time over files, alerts as JSON Lines, deterministic. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay event files (any supported format) through the rules and write the alerts as JSON Lines.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files or directories.")
    List<Path> files;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: the shipped rules/).")
    Path rules;

    @Option(names = "--out", paramLabel = "FILE", description = "Alerts output (default: standard output).")
    Path out;

    @Option(names = "--dead-letters", paramLabel = "FILE", defaultValue = "data/dead-letters.jsonl",
            description = "Input that could not be used, with reasons (default: ${DEFAULT-VALUE}).")
    Path deadLetters;

    @Option(names = {"-p", "--parallelism"}, defaultValue = "1",
            description = "Parallelism. 1 (default) keeps every key's events in file order, so rules see the same order on every run.")
    int parallelism;

    @Mixin
    GeoOptions geo;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        RuleLoader.Result ruleSet = RuleSetLoader.loadOrExplain(rules == null ? Home.rules() : rules, err);
        if (!ruleSet.problems().isEmpty()) return 2;
        GeoSettings geoSettings;
        try {
            geoSettings = geo.settings();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        for (Path f : files) {
            if (!Files.exists(f)) {
                err.println("input not found: " + f);
                return 2;
            }
            if (!Files.isDirectory(f) && RecordFileFormat.EXTENSIONS.stream().noneMatch(f.toString()::endsWith)) {
                err.println("unsupported input " + f + ": name event files " + String.join(", ", RecordFileFormat.EXTENSIONS)
                        + " (.json = one document per file, the others = one JSON value per line)");
                return 2;
            }
        }
        Path versions = Files.createTempFile("tokenwatch-alerts", ".jsonl");
        Files.deleteIfExists(deadLetters);
        try {
            Configuration conf = new Configuration();
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(parallelism);
            LocalJob.wire(TokenwatchJob.readFiles(env, files.stream().map(p -> p.toAbsolutePath().toString()).toList(), null),
                    ruleSet.enabledRules(), null, geoSettings, versions, deadLetters);

            long started = System.nanoTime();
            JobClient client = env.executeAsync("tokenwatch replay");
            Progress progress = System.console() != null ? new Progress(err, started) : null;
            while (!client.getJobExecutionResult().isDone()) {
                Thread.sleep(1000);
                if (progress != null && !client.getJobExecutionResult().isDone()) {
                    try {
                        progress.show(client.getAccumulators().get(5, TimeUnit.SECONDS));
                    } catch (Exception ignored) {
                        // The job may finish between the check and the poll; the summary below reports it.
                    }
                }
            }
            JobExecutionResult result = client.getJobExecutionResult().get();
            double seconds = (System.nanoTime() - started) / 1e9;
            List<JsonNode> alerts = AlertFile.finalVersions(versions);
            write(alerts);
            if (progress != null) progress.clear();
            summarize(err, result.getAllAccumulatorResults(), alerts, seconds);
            return 0;
        } finally {
            Files.deleteIfExists(versions);
        }
    }

    private void write(List<JsonNode> alerts) throws Exception {
        Writer writer = out == null
                ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        try (BufferedWriter w = new BufferedWriter(writer)) {
            for (JsonNode a : alerts) {
                w.write(a.toString());
                w.write('\n');
            }
        }
    }

    private void summarize(PrintStream err, Map<String, Object> counters, List<JsonNode> alerts, double seconds) {
        long records = number(counters, PipelineMetrics.RECORDS_IN);
        long events = number(counters, PipelineMetrics.EVENTS_PARSED);
        long dead = number(counters, PipelineMetrics.DEAD_LETTERS);
        err.printf("replayed %d records -> %d events, %d dead letters (%s) in %.1f s: %.0f events/s%n",
                records, events, dead, deadLetters, seconds, events / Math.max(seconds, 1e-9));
        Map<String, Integer> perRule = new TreeMap<>();
        for (JsonNode a : alerts) perRule.merge(a.path("rule").path("id").asText(), 1, Integer::sum);
        err.println(alerts.size() + " alerts" + (out == null ? "" : " -> " + out));
        perRule.forEach((rule, n) -> err.printf("  %6d  %s%n", n, rule));
    }

    static long number(Map<String, Object> counters, String name) {
        Object v = counters.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** One status line on the terminal, rewritten in place. */
    private static final class Progress {
        private final PrintStream err;
        private final long started;

        Progress(PrintStream err, long started) {
            this.err = err;
            this.started = started;
        }

        void show(Map<String, Object> counters) {
            double seconds = (System.nanoTime() - started) / 1e9;
            long events = number(counters, PipelineMetrics.EVENTS_PARSED);
            err.printf("\r%d records read, %d events (%.0f/s), %d alerts, %d dead letters   ",
                    number(counters, PipelineMetrics.RECORDS_IN), events, events / Math.max(seconds, 1e-9),
                    number(counters, PipelineMetrics.ALERTS), number(counters, PipelineMetrics.DEAD_LETTERS));
            err.flush();
        }

        void clear() {
            err.print("\r" + " ".repeat(100) + "\r");
        }
    }
}
