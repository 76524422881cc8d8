package dev.tokenwatch.cli;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.backtest.BacktestResult;
import dev.tokenwatch.backtest.DayRange;
import dev.tokenwatch.backtest.EventFiles;
import dev.tokenwatch.backtest.HtmlReport;
import dev.tokenwatch.backtest.ReportHeader;
import dev.tokenwatch.backtest.TerminalTable;
import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoDataException;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.ruletest.InProcessPipeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backtest}: what would these rules have raised over this history, and what does a rule change
 * add and remove? Runs in process rather than on Flink (the rule-test pipeline, same detection code)
 * so two rule sets over the same events take seconds; the events are held in memory for both runs.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Replay event files through a rule set, and a baseline rule set with --baseline, and report per rule:"
                + " alerts, distinct keys, alerts per day, and the alerts added and removed compared to the baseline.",
                "Prints a table and writes a self-contained HTML report with a chart of alerts per rule per day.",
                "Exit 0 when done, 2 on invalid rules or input."})
final class BacktestCommand implements Callable<Integer> {
    static final String DEFAULT_REPORT = "backtest-report.html";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (.jsonl, .ndjson, .json) or directories of them.")
    List<Path> files;

    @Option(names = "--rules", paramLabel = "DIR", description = "The candidate rules directory (default: the shipped rules/).")
    Path rules;

    @Option(names = "--baseline", paramLabel = "DIR", description = "The rules to compare against, e.g. a checkout of the main branch's rules/.")
    Path baseline;

    @Option(names = "--report", paramLabel = "FILE", description = "Where to write the HTML report; its dead letters go beside it,"
            + " report.html -> report.dead-letters.jsonl (default: DATA/" + DEFAULT_REPORT + ").")
    Path report;

    @Mixin
    GeoOptions geo;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        long started = System.nanoTime();
        Path candidateDir = rules == null ? Home.rules() : rules;
        RuleLoader.Result candidate = load(candidateDir, err);
        RuleLoader.Result base = baseline == null ? null : load(baseline, err);
        if (candidate == null || baseline != null && base == null) return 2;

        Path reportFile = report != null ? report.toAbsolutePath().normalize() : data.resolve(DEFAULT_REPORT);
        Path deadLetterFile = DeadLetterFiles.beside(reportFile);
        Files.createDirectories(reportFile.getParent());
        GeoSettings geoSettings;
        EventFiles.Input input;
        try {
            geoSettings = geo.settings();
            input = read(deadLetterFile, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        for (DeadLetter d : input.deadLetterExamples()) err.println("dead letter: " + d.origin() + ":" + d.line() + ": " + d.reason());

        List<Alert> candidateAlerts;
        List<Alert> baselineAlerts = null;
        try (GeoEnricher enricher = geoSettings == null ? null : new GeoEnricher(geoSettings)) {
            Consumer<Event> enrich = EventEnricher.orNone(enricher);
            candidateAlerts = run("candidate", candidate.enabledRules(), input.events(), enrich, err);
            if (base != null) baselineAlerts = run("baseline", base.enabledRules(), input.events(), enrich, err);
        } catch (GeoDataException e) {
            err.println(e.getMessage());
            return 2;
        }

        DayRange days = DayRange.spanning(input.events().stream().mapToLong(e -> e.timestamp));
        BacktestResult result = BacktestResult.of(days, candidate.enabledRules(), candidateAlerts,
                base == null ? null : base.enabledRules(), baselineAlerts);
        ReportHeader header = new ReportHeader(candidateDir.toString(), baseline == null ? null : baseline.toString(),
                input.files().size(), input.records(), input.events().size(), input.deadLetters());
        Files.writeString(reportFile, HtmlReport.render(result, header), StandardCharsets.UTF_8);

        out.printf(Locale.ROOT, "%,d events from %d file(s), %,d dead letters, %s%n", input.events().size(), input.files().size(),
                input.deadLetters(), days.days() == 0 ? "no events to date"
                        : days.first() + " to " + days.last() + " (" + days.days() + (days.days() == 1 ? " day" : " days") + ", UTC)");
        out.print(TerminalTable.render(result));
        err.printf(Locale.ROOT, "report -> %s, dead letters -> %s (backtest took %.1f s in all)%n", reportFile, deadLetterFile, seconds(started));
        return 0;
    }

    /** Reads the events, every dead letter to {@code deadLetterFile}; none is left behind when an input is missing or not an event file. */
    private EventFiles.Input read(Path deadLetterFile, PrintStream err) throws IOException {
        long reading = System.nanoTime();
        EventFiles.Input input;
        try (BufferedWriter deadLetters = Files.newBufferedWriter(deadLetterFile, StandardCharsets.UTF_8)) {
            input = EventFiles.read(files, d -> writeLine(deadLetters, d.toJson()));
        } catch (IllegalArgumentException e) {
            Files.deleteIfExists(deadLetterFile);
            throw e;
        }
        err.printf(Locale.ROOT, "read %,d events from %d file(s) in %.1f s%n", input.events().size(), input.files().size(), seconds(reading));
        return input;
    }

    /** Loads and validates a rule set, printing its problems the way {@code rules validate} does; null when it has any. */
    static RuleLoader.Result load(Path dir, PrintStream err) {
        RuleLoader.Result result = RuleSetLoader.loadOrExplain(dir, err);
        if (result.problems().isEmpty()) return result;
        err.println(result.problems().size() + " problem(s) in " + dir);
        return null;
    }

    static List<Alert> run(String label, List<Rule> rules, List<Event> events, Consumer<Event> enrich, PrintStream err) {
        long started = System.nanoTime();
        List<Alert> alerts = InProcessPipeline.latestVersions(new InProcessPipeline(rules, enrich).run(events));
        err.printf(Locale.ROOT, "%s: %d rules, %d alerts in %.1f s%n", label, rules.size(), alerts.size(), seconds(started));
        return alerts;
    }

    private static void writeLine(BufferedWriter writer, String line) {
        try {
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
