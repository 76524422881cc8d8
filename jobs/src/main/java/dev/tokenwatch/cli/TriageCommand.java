package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.inventory.BreachTriage;
import dev.tokenwatch.inventory.Finding;
import dev.tokenwatch.inventory.Times;
import dev.tokenwatch.inventory.TokenJson;
import dev.tokenwatch.inventory.TriageReport;
import dev.tokenwatch.inventory.TriageSection;
import dev.tokenwatch.sink.elasticsearch.EventIndexReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage --since TIME}: the first questions after a leak, answered from event files or the job's events indices. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = {"Breach triage for a leak starting at TIME: tokens used or created since then from networks or countries new to them,"
                + " tokens that pushed since then and what, revoked or deleted tokens still tried, and tokens of removed members still used.",
                "With --es-url (or --local-es) the events come from the job's events indices, from --history before TIME to the newest.",
                "Exit 0 when done (also with no findings), 2 on bad input."})
final class TriageCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Event files (any supported format) or directories of them (default: the shipped samples/).")
    List<Path> files;

    @Option(names = "--since", required = true, paramLabel = "TIME", converter = TimeConverter.class,
            description = "When the leak may have started (2026-11-17T18:00:00Z, or a UTC day 2026-11-17); what came before is the tokens' history.")
    Instant since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (one per section), csv (one row per finding, with its section) or json (one document) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--history", paramLabel = "DURATION", defaultValue = "90d", converter = DurationConverter.class,
            description = "With --es-url: how much before TIME is read as the tokens' history (default: ${DEFAULT-VALUE}); over files all of it is.")
    Duration history;

    @Mixin
    GeoOptions geo;

    @Mixin
    EsOptions es;

    @Override
    public Integer call() throws Exception {
        List<Event> events = es.readsTheIndices(files) ? fromTheIndices() : EnrichedEvents.load(files, geo, System.err);
        TriageReport report = BreachTriage.run(events, since.toEpochMilli());
        PrintStream out = System.out;
        switch (format) {
            case table -> table(report, out);
            case csv -> csv(report, out);
            case json -> out.println(json(report).toPrettyString());
        }
        return 0;
    }

    /** The events the job indexed (enriched as it enriched them) from --history before TIME to the newest. */
    private List<Event> fromTheIndices() throws Exception {
        long from = since.minus(history).toEpochMilli();
        return es.read((rest, names) -> {
            List<Event> events = new EventIndexReader(rest, names).from(from, d -> EnrichedEvents.print(d, System.err));
            System.err.printf(Locale.ROOT, "%,d events since %s from %s%n", events.size(), Times.utc(from), names.eventsPattern());
            return events;
        });
    }

    private static void table(TriageReport report, PrintStream out) {
        out.println("Breach triage since " + Times.utc(report.since()) + ": " + report.suspects().size() + " token(s) to look at: "
                + String.join(", ", report.suspects()));
        for (TriageSection section : TriageSection.values()) {
            List<Finding> findings = report.findings(section);
            out.println();
            out.println(section.title() + " since " + Times.utc(report.since()) + ": " + report.tokens(section).size() + " token(s)");
            if (findings.isEmpty()) {
                out.println("  (none)");
                continue;
            }
            TextTable table = new TextTable("TOKEN", "OWNER", "TIME", "ADDRESS", "COUNTRY", "NETWORK", "WHAT", "WHY");
            for (Finding f : findings) table.row(f.token(), f.owner(), Times.utc(f.at().time()), f.at().ip(), f.at().country(), f.at().network(), f.what(), f.why());
            out.print(table.render());
        }
    }

    static final List<String> CSV_HEADER = List.of("section", "token", "owner", "time", "address", "country", "network", "what", "why", "notable");

    private static void csv(TriageReport report, PrintStream out) {
        out.println(String.join(",", CSV_HEADER));
        for (TriageSection section : TriageSection.values()) {
            for (Finding f : report.findings(section)) {
                out.println(Stream.of(section.key(), f.token(), f.owner(), Instant.ofEpochMilli(f.at().time()).toString(), f.at().ip(),
                        f.at().country(), f.at().network(), f.what(), f.why(), Boolean.toString(f.notable())).map(TriageCommand::csvField).collect(Collectors.joining(",")));
            }
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
    static String csvField(String value) {
        if (value == null) return "";
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) return value;
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static ObjectNode json(TriageReport report) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("since", Instant.ofEpochMilli(report.since()).toString());
        report.suspects().forEach(doc.putArray("suspects")::add);
        ObjectNode sections = doc.putObject("sections");
        for (TriageSection section : TriageSection.values()) {
            ArrayNode findings = sections.putArray(section.key().toLowerCase(Locale.ROOT));
            report.findings(section).forEach(f -> findings.add(TokenJson.finding(f)));
        }
        return doc;
    }
}
