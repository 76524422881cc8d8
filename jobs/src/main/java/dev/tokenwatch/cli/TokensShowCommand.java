package dev.tokenwatch.cli;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.inventory.Times;
import dev.tokenwatch.inventory.TokenInventory;
import dev.tokenwatch.inventory.TokenRecord;
import dev.tokenwatch.inventory.TokenTimeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tokens show ID}: what an investigator reads first about one token. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one token: its record, its lifecycle, its uses grouped by network and day, and its pushes.",
                "Exit 0 when shown, 1 when no event names the token, 2 on bad input."})
final class TokensShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The token id (token.id).")
    String id;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE", description = "Event files or directories (default: the shipped samples/).")
    List<Path> files;

    @Mixin
    GeoOptions geo;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<Event> events = EnrichedEvents.load(files, geo, System.err);
        TokenRecord r = TokenInventory.of(events).token(id).orElse(null);
        if (r == null) {
            System.err.println("no event names token " + id);
            return 1;
        }
        TokenTimeline timeline = TokenTimeline.of(events, id);
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
        return 0;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }
}
