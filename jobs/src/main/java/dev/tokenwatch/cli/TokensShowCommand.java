package dev.tokenwatch.cli;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.inventory.Times;
import dev.tokenwatch.inventory.TokenAlert;
import dev.tokenwatch.inventory.TokenInventory;
import dev.tokenwatch.inventory.TokenRecord;
import dev.tokenwatch.inventory.TokenTimeline;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.ruletest.InProcessPipeline;
import dev.tokenwatch.sink.elasticsearch.AlertIndexReader;
import dev.tokenwatch.sink.elasticsearch.EventIndexReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokens show ID}: what an investigator reads first about one token. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one token: its record, its lifecycle, its uses grouped by network and day, its pushes and the alerts raised on it.",
                "Over files the alerts are those the rules raise over the same files, run in process; with --es-url (or --local-es)"
                        + " the token's events come from the job's events indices and its alerts from its alerts indices.",
                "Exit 0 when shown, 1 when no event names the token, 2 on bad input."})
final class TokensShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The token id (token.id).")
    String id;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE", description = "Event files or directories (default: the shipped samples/).")
    List<Path> files;

    @Option(names = "--rules", paramLabel = "DIR", description = "Over files: the rules whose alerts are listed (default: the shipped rules/).")
    Path rules;

    @Mixin
    GeoOptions geo;

    @Mixin
    EsOptions es;

    /**
     * The token's events (and the organization removals that may concern it), in event time order, and its alerts, asked
     * for once the timeline is read: over files the rules run then, since they add to the events what the job adds after
     * enrichment (network sharing, the token a grant names), which the timeline over files does not show.
     */
    private record Story(List<Event> events, Supplier<List<TokenAlert>> alerts) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Story story = es.readsTheIndices(files) ? fromTheIndices() : fromFiles();
        TokenRecord r = TokenInventory.of(story.events()).token(id).orElse(null);
        if (r == null) {
            System.err.println("no event names token " + id);
            return 1;
        }
        TokenTimeline timeline = TokenTimeline.of(story.events(), id);
        out.println("token " + r.id() + "  owner " + r.owner() + "  kind " + r.kind() + "  scopes " + String.join(",", r.scopes())
                + "  status " + r.status().label());
        out.println("first seen " + Times.utc(r.firstSeen()) + ", last seen " + Times.utc(r.lastSeen()) + "; " + r.uses() + " uses: "
                + r.pulls() + " pulls, " + r.pushes() + " pushes, " + r.failures() + " failures"
                + (r.usesAfterEnd() > 0 ? ", " + r.usesAfterEnd() + " after it was revoked, deleted or its owner removed" : ""));
        out.println("countries " + r.countries() + " (" + r.countries().total() + "); networks " + r.networks() + " (" + r.networks().total() + ")");
        out.println();
        out.println("Lifecycle");
        if (timeline.lifecycle().isEmpty()) out.println("  (no lifecycle event in the input)");
        timeline.lifecycle().forEach(l -> out.println("  " + l));
        out.println();
        out.println("Uses by network and day (UTC)");
        TextTable uses = new TextTable("DAY", "NETWORK", "USES", "PULLS", "PUSHES", "FAILURES", "COUNTRIES", "ADDRESSES");
        for (TokenTimeline.UseGroup g : timeline.uses()) {
            uses.row(g.day(), g.network(), g.uses(), g.pulls(), g.pushes(), g.failures(), String.join(",", g.countries()), String.join(",", g.addresses()));
        }
        out.print(indent(uses.render()));
        out.println();
        out.println("Pushes");
        if (timeline.pushes().isEmpty()) out.println("  (none)");
        timeline.pushes().forEach(p -> out.println("  " + p));
        out.println();
        out.println("Alerts");
        List<TokenAlert> raised = story.alerts().get();
        if (raised.isEmpty()) out.println("  (none)");
        else {
            TextTable alerts = new TextTable("TIME", "RULE", "SEVERITY", "ALERT", "REASON");
            for (TokenAlert a : raised) alerts.row(Times.utc(a.time()), a.ruleId(), a.severity(), a.id(), a.reason());
            out.print(indent(alerts.render()));
        }
        return 0;
    }

    /**
     * The events enriched as the job enriches them, and the alerts the rules raise over them in process, as
     * {@code backtest} and {@code rules test} run them (the events are enriched already). A bad rule set fails before
     * any event is read.
     */
    private Story fromFiles() throws Exception {
        List<Rule> pack = RuleSetLoader.loadOrFail(rules, System.err).enabledRules();
        List<Event> events = EnrichedEvents.load(files, geo, System.err);
        return new Story(events, () -> {
            List<Alert> alerts = InProcessPipeline.latestVersions(new InProcessPipeline(pack, e -> {}).run(events));
            return TokenAlert.raisedOn(id, alerts);
        });
    }

    private Story fromTheIndices() throws Exception {
        if (rules != null) throw new UsageException("--rules applies over files: with --es-url the alerts are the ones the job raised");
        return es.read((rest, names) -> {
            List<Event> events = new EventIndexReader(rest, names).ofToken(id, d -> EnrichedEvents.print(d, System.err));
            System.err.println(events.size() + " events of token " + id + " or removing a member, from " + names.eventsPattern());
            List<TokenAlert> alerts = new AlertIndexReader(rest, names).raisedOn(id);
            return new Story(events, () -> alerts);
        });
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }
}
