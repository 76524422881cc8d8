package dev.tokenwatch.cli;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.backtest.AttackLabels;
import dev.tokenwatch.backtest.EventFiles;
import dev.tokenwatch.backtest.PlantedAttack;
import dev.tokenwatch.backtest.Scorecard;
import dev.tokenwatch.backtest.ScorecardReport;
import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoDataException;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleLoader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eval}: how precise is a rule pack on a labelled stream? A command of its own rather than
 * {@code backtest --labels}: backtest compares two rule sets alert by alert, eval scores one set
 * against ground truth, and their options and tables share nothing but the run, which eval takes
 * from backtest (the same reader, the in-process pipeline, final alert versions).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run a rule set over labelled event files (e.g. from 'samples population') and report per rule and overall:"
                + " attacks planted and found, alerts, false alerts, and false alerts per 100,000 benign events.",
                "An alert is true when one of its events belongs to a planted attack; an attack is found when an alert of its rule"
                + " names one of its events. Exit 0 when done, 2 on invalid rules, labels or input."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (.jsonl, .ndjson, .json) or directories of them.")
    List<Path> files;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "The planted attacks, one JSON object per line (labels.jsonl).")
    Path labels;

    @Option(names = "--rules", paramLabel = "DIR", description = "The rules directory (default: the shipped rules/).")
    Path rules;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as one JSON document to FILE.")
    Path json;

    @Option(names = "--no-token-ids", description = {"The input carries no token ids on registry operations (the Distribution encoding):"
            + " attacks labelled needs_token_id are reported apart, as not expected, rather than as misses."})
    boolean noTokenIds;

    @Mixin
    GeoOptions geo;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        long started = System.nanoTime();
        RuleLoader.Result ruleSet = BacktestCommand.load(rules == null ? Home.rules() : rules, err);
        if (ruleSet == null) return 2;
        List<PlantedAttack> attacks;
        EventFiles.Input input;
        GeoSettings geoSettings;
        try {
            attacks = AttackLabels.read(labels);
            geoSettings = geo.settings();
            input = EventFiles.read(files);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        for (DeadLetter d : input.deadLetterExamples()) err.println("dead letter: " + d.origin() + ":" + d.line() + ": " + d.reason());
        if (input.deadLetters() > 0) err.printf(Locale.ROOT, "%,d dead letters in all%n", input.deadLetters());

        List<Rule> enabled = ruleSet.enabledRules();
        List<Alert> alerts;
        try (GeoEnricher enricher = geoSettings == null ? null : new GeoEnricher(geoSettings)) {
            alerts = BacktestCommand.run("eval", enabled, input.events(), EventEnricher.orNone(enricher), err);
        } catch (GeoDataException e) {
            err.println(e.getMessage());
            return 2;
        }
        Scorecard score = Scorecard.of(enabled.stream().map(Rule::id).toList(), input.events(), alerts, attacks, !noTokenIds);
        out.print(ScorecardReport.table(score));
        if (json != null) {
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ScorecardReport.json(score)) + "\n",
                    StandardCharsets.UTF_8);
        }
        err.printf(Locale.ROOT, "eval took %.1f s in all%n", BacktestCommand.seconds(started));
        return 0;
    }
}
