package dev.tokenwatch.cli;

import dev.tokenwatch.backtest.EventFiles;
import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoDataException;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.DeadLetter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Event files read the way {@code backtest} reads them (the job's reader and parser) and enriched the
 * way the job enriches them (GeoIP country and AS, the network prefix), in event time order: what the
 * token inventory and triage are computed over. Dead letters are counted on stderr, not kept.
 */
final class EnrichedEvents {
    private EnrichedEvents() {}

    /** @param files the inputs, or empty for the shipped samples */
    static List<Event> load(List<Path> files, GeoOptions geo, PrintStream err) throws IOException {
        List<Path> inputs = files == null || files.isEmpty() ? List.of(Home.samples()) : files;
        GeoSettings settings = geo.settings();
        EventFiles.Input input;
        try {
            input = EventFiles.read(inputs);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        for (DeadLetter d : input.deadLetterExamples()) print(d, err);
        err.printf(Locale.ROOT, "%,d events from %d file(s), %,d dead letters%n", input.events().size(), input.files().size(), input.deadLetters());
        List<Event> events = input.events();
        try (GeoEnricher enricher = settings == null ? null : new GeoEnricher(settings)) {
            events.forEach(EventEnricher.orNone(enricher));
        } catch (GeoDataException e) {
            throw new UsageException(e.getMessage());
        }
        events.sort(Event.IN_TIME_ORDER);
        return events;
    }

    /** One dead letter, on one line: where it came from and why it is not an event. */
    static void print(DeadLetter d, PrintStream err) {
        err.println("dead letter: " + d.origin() + ":" + d.line() + ": " + d.reason());
    }
}
