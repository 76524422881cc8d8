package dev.tokenwatch.job;

import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * GeoIP and ASN enrichment. The databases are opened once per JVM and shared by the parallel
 * instances in it (a task manager runs many), since the ASN table alone is tens of megabytes.
 */
public class EnrichFunction extends RichMapFunction<Event, Event> {
    private static final Map<GeoSettings, Shared> SHARED = new HashMap<>();

    private final GeoSettings settings;
    private transient EventEnricher enricher;
    private transient Counters geolocated;

    private static final class Shared {
        final GeoEnricher enricher;
        int users;

        Shared(GeoEnricher enricher) {
            this.enricher = enricher;
        }
    }

    /** @param settings the databases, or null to run without enrichment */
    public EnrichFunction(GeoSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        geolocated = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_ENRICHED);
        if (settings == null) return;
        synchronized (SHARED) {
            Shared shared = SHARED.computeIfAbsent(settings, s -> new Shared(new GeoEnricher(s)));
            shared.users++;
            enricher = new EventEnricher(shared.enricher);
        }
    }

    @Override
    public Event map(Event event) {
        if (enricher != null && event.sourceIp != null) {
            enricher.accept(event);
            if (event.countryIsoCode != null || event.asNumber != null) geolocated.inc();
        }
        return event;
    }

    @Override
    public void close() throws Exception {
        if (settings == null || enricher == null) return;
        synchronized (SHARED) {
            Shared shared = SHARED.get(settings);
            if (shared != null && --shared.users == 0) {
                SHARED.remove(settings);
                shared.enricher.close();
            }
        }
    }
}
