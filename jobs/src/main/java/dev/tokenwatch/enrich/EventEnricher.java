package dev.tokenwatch.enrich;

import dev.tokenwatch.event.Event;
import java.util.function.Consumer;

/**
 * Derives {@code source.network.prefix} from the event's {@code source.ip}, and with GeoIP on also
 * {@code source.network.class}, {@code source.geo.*} and {@code source.as.*}. Fields a source already
 * set are kept: a native event may carry its own geo.
 */
public final class EventEnricher implements Consumer<Event> {
    private final GeoEnricher geo;

    /** @param geo the GeoIP/ASN lookups, or null to derive only what needs no database (the prefix) */
    public EventEnricher(GeoEnricher geo) {
        this.geo = geo;
    }

    /** Enrichment with {@code geo}, or only the prefix when GeoIP is off ({@code geo} null). */
    public static Consumer<Event> orNone(GeoEnricher geo) {
        return new EventEnricher(geo);
    }

    @Override
    public void accept(Event event) {
        // Derived, never taken from the input: a forged prefix would make an attacker's network look familiar.
        event.networkPrefix = event.sourceIp == null ? null : NetworkPrefix.of(event.sourceIp);
        if (event.sourceIp == null || geo == null || event.networkClass != null) return;
        geo.lookup(event.sourceIp).ifPresent(info -> {
            event.networkClass = info.ipClass().name().toLowerCase();
            if (event.countryIsoCode == null) {
                event.countryIsoCode = info.countryIsoCode();
                event.countryName = info.countryName();
                event.cityName = info.cityName();
                event.latitude = info.latitude();
                event.longitude = info.longitude();
                event.accuracyRadiusKm = info.accuracyRadiusKm() == null ? null : info.accuracyRadiusKm().longValue();
            }
            if (event.asNumber == null) {
                event.asNumber = info.asNumber();
                event.asOrganization = info.asOrganization();
            }
        });
    }
}
