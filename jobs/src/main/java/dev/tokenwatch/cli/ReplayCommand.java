package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.PipelineMetrics;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
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

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", defaultValue = "1",
            description = "Parallelism. 1 keeps every key's events in file order, so rules see the same order on every run (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    GeoOptions geo;

    @Mixin
    EventTimeOptions time;

    @Mixin
    EsOptions es;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        RuleLoader.Result ruleSet = RuleSetLoader.loadOrFail(rules, err);
        GeoSettings geoSettings = geo.settings();
        EsSettings esSettings = LocalJob.elasticsearch(es, System.err);
        for (Path f : files) {
            if (!Files.exists(f)) throw new UsageException("input not found: " + f);
            if (!Files.isDirectory(f) && RecordFileFormat.EXTENSIONS.stream().noneMatch(f.toString()::endsWith)) {
                throw new UsageException("unsupported input " + f + ": name event files " + String.join(", ", RecordFileFormat.EXTENSIONS)
                        + " (.json = one document per file, the others = one JSON value per line)");
            }
        }
        Path versions = Files.createTempFile("tokenwatch-alerts", ".jsonl");
        Files.deleteIfExists(deadLetters);
        if (esSettings != null) Files.deleteIfExists(LocalJob.esDeadLetters(deadLetters));
        try {
            BoundedRun.Progress progress = System.console() != null ? new BoundedRun.Progress(err) : null;
            BoundedRun.Result result = BoundedRun.run(files, ruleSet.enabledRules(), geoSettings, time.eventTime(),
                    parallelism, versions, deadLetters, esSettings, progress);
            List<JsonNode> alerts = AlertFile.finalVersions(versions);
            write(alerts);
            if (progress != null) progress.clear();
            summarize(err, result, alerts);
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

    private void summarize(PrintStream err, BoundedRun.Result result, List<JsonNode> alerts) {
        err.printf("replayed %d records -> %d events, %d dead letters, %d late events (%s) in %.1f s: %.0f events/s%n",
                result.count(PipelineMetrics.RECORDS_IN), result.count(PipelineMetrics.EVENTS_PARSED),
                result.count(PipelineMetrics.DEAD_LETTERS), result.count(PipelineMetrics.EVENTS_LATE), deadLetters,
                result.seconds(), result.eventsPerSecond());
        Map<String, Integer> perRule = new TreeMap<>();
        for (JsonNode a : alerts) perRule.merge(a.path("rule").path("id").asText(), 1, Integer::sum);
        err.println(alerts.size() + " alerts" + (out == null ? "" : " -> " + out));
        perRule.forEach((rule, n) -> err.printf("  %6d  %s%n", n, rule));
    }
}
