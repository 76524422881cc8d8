package dev.tokenwatch.microbench;

import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the microbenchmarks run on: the repository's own samples, shipped rules and the GeoIP data the build
 * downloads, so a figure is about the input the job really meets, not about a toy. Read in {@code @Setup}, never in a
 * measured method. Paths come from the system properties surefire and {@code exec:exec@jmh} set
 * ({@code tokenwatch.repo.root}, {@code tokenwatch.geoip.dir}).
 */
final class MicrobenchData {
    private MicrobenchData() {}

    /** The non-blank lines of a file under {@code samples/}. */
    static List<String> sampleLines(String file) {
        try {
            return nonBlank(Files.readAllLines(TestRules.repoRoot().resolve("samples").resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-blank lines of a test resource. */
    static List<String> resourceLines(String resource) {
        return nonBlank(resource(resource).lines().toList());
    }

    /** A test resource as one text (a whole JSON document is one record). */
    static String resource(String resource) {
        try (InputStream in = MicrobenchData.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).toList();
    }

    /**
     * The events of {@code samples/native.jsonl} as the parse stage hands them on: mostly pulls, 236 addresses. Read
     * once per JVM (JMH runs each benchmark's trials in a JVM of its own; the smoke test runs them all in one), and
     * never changed by a benchmark.
     */
    static List<Event> nativeEvents() {
        return NativeEvents.LIST;
    }

    /** The same events as the enrich stage hands them on (geo, AS, network class, prefix): what the shuffles carry. */
    static List<Event> enrichedNativeEvents() {
        return EnrichedNativeEvents.LIST;
    }

    // One holder each, so a benchmark loads only what it uses (the JVM initializes a holder on first use).
    private static final class NativeEvents {
        static final List<Event> LIST = parseNativeSamples();
    }

    private static final class EnrichedNativeEvents {
        static final List<Event> LIST = enrich(parseNativeSamples());
    }

    private static final class ShippedRules {
        static final List<Rule> LIST = loadShippedRules();
    }

    private static List<Event> parseNativeSamples() {
        EventParser parser = new EventParser();
        List<Event> events = new ArrayList<>();
        List<String> lines = sampleLines("native.jsonl");
        for (int i = 0; i < lines.size(); i++) {
            ParseOutcome outcome = parser.parse(RawRecord.of("native.jsonl", i + 1, lines.get(i)));
            events.addAll(outcome.events());
        }
        return List.copyOf(events);
    }

    private static List<Event> enrich(List<Event> events) {
        try (GeoEnricher geo = openGeo(UnaryOperator.identity())) {
            events.forEach(new EventEnricher(geo));
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build's GeoLite2 City and ip-location-db ASN data, with the job's settings changed by {@code settings}. */
    static GeoEnricher openGeo(UnaryOperator<GeoSettings> settings) {
        return new GeoEnricher(settings.apply(GeoSettings.forDirectory(GeoSettings.defaultDirectory())));
    }

    /** The enabled rules of the shipped pack, {@code rules/}, loaded and validated as the job loads them. */
    static List<Rule> shippedRules() {
        return ShippedRules.LIST;
    }

    private static List<Rule> loadShippedRules() {
        RuleLoader.Result loaded = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
        if (!loaded.problems().isEmpty()) throw new IllegalStateException("shipped rules: " + loaded.problems());
        return loaded.enabledRules();
    }

    /** One shipped rule by id. */
    static Rule shippedRule(String id) {
        return shippedRules().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no shipped rule " + id));
    }
}
