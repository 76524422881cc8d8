package dev.tokenwatch.cli;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.inventory.Sighting;
import dev.tokenwatch.inventory.Times;
import dev.tokenwatch.inventory.TokenInventory;
import dev.tokenwatch.inventory.TokenJson;
import dev.tokenwatch.inventory.TokenQuery;
import dev.tokenwatch.inventory.TokenRecord;
import dev.tokenwatch.inventory.TokenStatus;
import dev.tokenwatch.sink.elasticsearch.TokenIndexReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokens list}: one line (or JSON object) per token the events name, or the job's inventory index holds, filtered. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List every token the events name: owner, kind, status, creation, last use and from where, countries, pulls and pushes.",
                "With --es-url (or --local-es), list the job's live inventory instead: the tokenwatch-tokens index that 'run' and 'replay' fill.",
                "Exit 0 when done (also when no token matches), 2 on bad input."})
final class TokensListCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Event files (any supported format) or directories of them (default: the shipped samples/).")
    List<Path> files;

    @Option(names = "--user", paramLabel = "NAME", description = "Only tokens of this owner (user.name).")
    String user;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only tokens of this kind: personal, auto, robot, autobuild or oauth.")
    String kind;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only tokens with this status: active, revoked, deleted or owner-removed.")
    String status;

    @Option(names = "--dormant", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only tokens not revoked or deleted and not used in at least this long (e.g. 90d) before now: over files the newest event of the input, over the index the wall clock; a never-used token counts from its creation.")
    Duration dormant;

    @Option(names = "--used-since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Only tokens used at or after TIME (2026-11-17T18:00:00Z, or a UTC day 2026-11-17).")
    Instant usedSince;

    @Option(names = "--country", paramLabel = "CC", description = "Only tokens used from this country (ISO code, e.g. SG).")
    String country;

    @Option(names = "--json", description = "One JSON object per token (ECS-style names) instead of the table.")
    boolean json;

    @Mixin
    GeoOptions geo;

    @Mixin
    EsOptions es;

    /** The tokens listed and the time "dormant" is measured back from. */
    record Inventory(Collection<TokenRecord> tokens, long now) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        TokenStatus wanted;
        try {
            wanted = status == null ? null : TokenStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--status: " + e.getMessage());
        }
        Inventory inventory = es.readsTheIndices(files) ? fromTheIndex() : fromFiles();
        TokenQuery query = new TokenQuery(user, kind, wanted, dormant, usedSince == null ? null : usedSince.toEpochMilli(), country);
        List<TokenRecord> tokens = inventory.tokens().stream().filter(query.matcher(inventory.now())).toList();
        if (json) {
            for (TokenRecord r : tokens) out.println(TokenJson.record(r).toString());
        } else {
            TextTable table = new TextTable("TOKEN", "OWNER", "KIND", "STATUS", "CREATED", "LAST USED", "FROM", "COUNTRIES", "PULLS", "PUSHES");
            for (TokenRecord r : tokens) {
                Sighting last = r.lastUse();
                table.row(r.id(), r.owner(), r.kind(), r.status().label(), r.created() == null ? null : Times.utc(r.created().time()),
                        last == null ? null : Times.utc(last.time()), last == null ? null : from(last), r.countries(), r.pulls(), r.pushes());
            }
            out.print(table.render());
            System.err.println(tokens.size() + " of " + inventory.tokens().size() + " tokens");
        }
        return 0;
    }

    private Inventory fromFiles() throws Exception {
        List<Event> events = EnrichedEvents.load(files, geo, System.err);
        TokenInventory inventory = TokenInventory.of(events);
        return new Inventory(inventory.tokens(), inventory.newestEventTime());
    }

    private Inventory fromTheIndex() throws Exception {
        return es.read((rest, names) -> new Inventory(new TokenIndexReader(rest, names).readAll(), System.currentTimeMillis()));
    }

    static String from(Sighting s) {
        if (s.ip() == null) return null;
        return s.ip() + (s.country() == null ? "" : " " + s.country());
    }
}
