package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
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

/**
 * {@code replay}: a bounded run in event time over files, alerts as JSON Lines, deterministic. Its dead
 * letters are its own (beside {@code --out}, else under DATA/replay), never the files {@code run} appends to.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay event files (any supported format) through the rules and write the alerts as JSON Lines.")
final class ReplayCommand implements Callable<Integer> {
    /** Under DATA, a file no other command writes. */
    static final String DEFAULT_DEAD_LETTERS = "replay/dead-letters.jsonl";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files or directories.")
    List<Path> files;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: the shipped rules/).")
    Path rules;

    @Option(names = "--out", paramLabel = "FILE", description = "Alerts output (default: standard output).")
    Path out;

    @Option(names = "--dead-letters", paramLabel = "FILE", description = "Input that could not be used, with reasons, replaced on"
            + " every replay (default: beside --out, x.jsonl -> x.dead-letters.jsonl; without --out, DATA/" + DEFAULT_DEAD_LETTERS + ").")
    Path deadLetters;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", defaultValue = "1",
            description = "Parallelism. Every key's events are evaluated in event-time order, so the alerts are the same at any parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    GeoOptions geo;


    @Mixin
    EsOptions es;

    @Mixin
    DataOptions data;

    @Mixin
    TempDirOptions tmp;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        RuleLoader.Result ruleSet = RuleSetLoader.loadOrFail(rules, err);
        GeoSettings geoSettings = geo.settings();
        for (Path f : files) {
            if (!Files.exists(f)) throw new UsageException("input not found: " + f);
            if (!Files.isDirectory(f) && RecordFileFormat.EXTENSIONS.stream().noneMatch(f.toString()::endsWith)) {
                throw new UsageException("unsupported input " + f + ": name event files " + String.join(", ", RecordFileFormat.EXTENSIONS)
                        + " (.json = one document per file, the others = one JSON value per line)");
            }
        }
        Path outFile = out == null ? null : data.requireNotRunOutput(out, "--out");
        Path deadLetterFile = data.requireNotRunOutput(
                deadLetters != null ? deadLetters : outFile != null ? DeadLetterFiles.beside(outFile) : data.resolve(DEFAULT_DEAD_LETTERS),
                "--dead-letters");
        EsSettings esSettings = LocalJob.elasticsearch(es, System.err);
        Files.createDirectories(deadLetterFile.getParent());
        Files.deleteIfExists(deadLetterFile);
        if (esSettings != null) Files.deleteIfExists(DeadLetterFiles.forElasticsearch(deadLetterFile));
        try (RunTempDir runTemp = tmp.open()) {
            Path versions = runTemp.dir().resolve("alert-versions.jsonl");
            BoundedRun.Progress progress = System.console() != null ? new BoundedRun.Progress(err) : null;
            BoundedRun.Result result = BoundedRun.run(runTemp, files, ruleSet.enabledRules(), geoSettings, EventTime.WHOLE_INPUT,
                    parallelism, versions, deadLetterFile, esSettings, progress);
            List<JsonNode> alerts = AlertFile.finalVersions(versions);
            write(outFile, alerts);
            if (progress != null) progress.clear();
            summarize(err, result, alerts, outFile, deadLetterFile);
            return 0;
        }
    }

    private static void write(Path outFile, List<JsonNode> alerts) throws Exception {
        Writer writer = outFile == null
                ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8);
        try (BufferedWriter w = new BufferedWriter(writer)) {
            for (JsonNode a : alerts) {
                w.write(a.toString());
                w.write('\n');
            }
        }
    }

    private static void summarize(PrintStream err, BoundedRun.Result result, List<JsonNode> alerts, Path outFile, Path deadLetterFile) {
        err.printf("replayed %d records -> %d events (%d with problems), %d dead letters, %d late events (%s) in %.1f s: %.0f events/s%n",
                result.count(PipelineMetrics.RECORDS_IN), result.count(PipelineMetrics.EVENTS_PARSED),
                result.count(PipelineMetrics.EVENTS_WITH_PROBLEMS), result.count(PipelineMetrics.DEAD_LETTERS), result.count(PipelineMetrics.EVENTS_LATE), deadLetterFile,
                result.seconds(), result.eventsPerSecond());
        Map<String, Integer> perRule = new TreeMap<>();
        for (JsonNode a : alerts) perRule.merge(a.path("rule").path("id").asText(), 1, Integer::sum);
        err.println(alerts.size() + " alerts" + (outFile == null ? "" : " -> " + outFile));
        perRule.forEach((rule, n) -> err.printf("  %6d  %s%n", n, rule));
    }
}
