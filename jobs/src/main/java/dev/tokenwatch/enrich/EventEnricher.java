package dev.tokenwatch.enrich;

import dev.tokenwatch.event.Event;
import java.util.function.Consumer;

/**
 * Fills {@code source.network.class}, {@code source.geo.*} and {@code source.as.*} from the event's
 * {@code source.ip}. Fields a source already set are kept: a native event may carry its own geo.
 */
public final class EventEnricher implements Consumer<Event> {
    private final GeoEnricher geo;

    public EventEnricher(GeoEnricher geo) {
        this.geo = geo;
    }

    /** Enrichment with {@code geo}, or none at all when GeoIP is off ({@code geo} null). */
    public static Consumer<Event> orNone(GeoEnricher geo) {
        return geo == null ? event -> { } : new EventEnricher(geo);
    }

    @Override
    public void accept(Event event) {
        if (event.sourceIp == null || event.networkClass != null) return;
        geo.lookup(event.sourceIp).ifPresent(info -> {
            event.networkClass = info.ipClass().name().toLowerCase();
            if (event.countryIsoCode == null) {
                event.countryIsoCode = info.countryIsoCode();
                event.countryName = info.countryName();
                event.cityName = info.cityName();
                event.latitude = info.latitude();
                event.longitude = info.longitude();
            }
            if (event.asNumber == null) {
                event.asNumber = info.asNumber();
                event.asOrganization = info.asOrganization();
            }
        });
    }
}
