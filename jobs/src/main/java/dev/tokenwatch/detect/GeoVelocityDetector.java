package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code geo_velocity}: impossible travel. Compares each geolocated use of a key with the previous
 * one; far apart (at least the minimum distance, which absorbs GeoIP's city-level error) and faster
 * than the speed limit is a detection.
 */
public final class GeoVelocityDetector implements Detector {
    private static final double EARTH_RADIUS_KM = 6371.0;

    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Event event = hit.event;
        if (event.latitude == null || event.longitude == null) return Optional.empty();
        Rule.GeoVelocity p = rule.geoVelocity();
        Event previous = state.lastEvent();
        if (previous != null && event.timestamp < previous.timestamp) return Optional.empty();
        state.lastEvent(event);
        timers.at(Detector.cleanupTime(event.timestamp + p.ttlMillis()));
        if (previous == null) return Optional.empty();
        double km = distanceKm(previous.latitude, previous.longitude, event.latitude, event.longitude);
        double hours = Math.max(event.timestamp - previous.timestamp, 1) / 3_600_000.0;
        double speed = km / hours;
        if (km < p.minDistanceKm() || speed <= p.maxSpeedKmh()) return Optional.empty();
        return Optional.of(new Detection(rule, event, String.format(Locale.ROOT,
                "%s to %s: %.0f km in %.0f min (%.0f km/h, limit %.0f) for %s '%s'",
                place(previous), place(event), km, hours * 60, speed, p.maxSpeedKmh(), String.join(", ", rule.groupBy()), hit.key)));
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state) {
        Event last = state.lastEvent();
        if (last == null || last.timestamp + rule.geoVelocity().ttlMillis() <= time) state.clear();
        return Optional.empty();
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static String place(Event e) {
        String where = e.cityName != null ? e.cityName + ", " + e.countryIsoCode : e.countryIsoCode != null ? e.countryIsoCode : "?";
        return where + " (" + e.sourceIp + ")";
    }
}
