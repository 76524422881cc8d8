package dev.tokenwatch.detect;

import dev.tokenwatch.enrich.NetworkSharing;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code geo_velocity}: impossible travel. Compares each geolocated use of a key with the previous one.
 * GeoIP places an address only roughly: a city-level location is good to tens of kilometres, a
 * country-level one (no city) is the country's centre with a radius of hundreds. So the distance is
 * taken as the least it can be (both accuracy radii off). Never travel: a hop inside one country where
 * either end has no city; a hop with an end known only by country and without AS data; a hop inside
 * one network (its AS, else its prefix: a VPN or provider moving its exit). Optionally, hops between
 * the organization's shared networks and hops back to a network the key used before are not travel
 * either, and optionally nor is a hop made by a client (user agent) the key used before from its own routine
 * network (home, office): one machine
 * whose network changed, not a second holder of the credentials. What remains must be at least the
 * minimum distance and faster than the speed limit.
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
        // Uses come in time order (an older one was returned above), so what this one adds or renews expires no
        // earlier than what the key's pending cleanup timer covers; a new key needs one.
        long expiry = Detector.cleanupTime(event.timestamp + p.ttlMillis());
        if (previous == null) timers.at(expiry);
        boolean knownNetwork = p.knownNetworks() && remember(NETWORK, NetworkSharing.networkOf(event), event.timestamp, state);
        if (state.since() == null || event.timestamp < state.since()) state.since(event.timestamp);
        boolean learning = event.timestamp < state.since() + p.learningPeriodMillis();
        boolean knownClient = p.knownClients() && Detector.knownClient(event, state, CLIENT, learning, timers, expiry);
        if (previous == null || learning || knownNetwork || knownClient || sameNetwork(previous, event) || countryOnlyInsideOneCountry(previous, event)
                || vague(previous) || vague(event)
                || betweenSharedNetworks(p, previous, event)) {
            return Optional.empty();
        }
        double km = distanceKm(previous.latitude, previous.longitude, event.latitude, event.longitude);
        double uncertainty = p.subtractAccuracy() ? radius(previous) + radius(event) : 0;
        double leastKm = Math.max(0, km - uncertainty);
        double hours = Math.max(event.timestamp - previous.timestamp, 1) / 3_600_000.0;
        double speed = leastKm / hours;
        if (leastKm < p.minDistanceKm() || speed <= p.maxSpeedKmh()) return Optional.empty();
        return Optional.of(new Detection(rule, event, String.format(Locale.ROOT,
                "%s to %s: at least %.0f km (%.0f km between the locations, %.0f km accuracy) in %.0f min (%.0f km/h, limit %.0f) for %s '%s'",
                place(previous), place(event), leastKm, km, uncertainty, hours * 60, speed, p.maxSpeedKmh(),
                String.join(", ", rule.groupBy()), hit.key)));
    }

    private static boolean sameNetwork(Event a, Event b) {
        String network = NetworkSharing.networkOf(a);
        return network != null && network.equals(NetworkSharing.networkOf(b));
    }

    /** The organization's own VPN exits, offices and CI pools: hopping between them is switching, not travel. */
    private static boolean betweenSharedNetworks(Rule.GeoVelocity p, Event a, Event b) {
        return p.sharedBy() != null && a.networkSharedBy != null && b.networkSharedBy != null
                && a.networkSharedBy >= p.sharedBy() && b.networkSharedBy >= p.sharedBy();
    }

    private static boolean countryOnlyInsideOneCountry(Event a, Event b) {
        return a.countryIsoCode != null && a.countryIsoCode.equals(b.countryIsoCode) && (a.cityName == null || b.cityName == null);
    }

    /**
     * Known only by country and without AS data: a mobile or CGNAT pool, where a roaming phone exits in
     * its home country wherever it is. Too vague for any hop.
     */
    private static boolean vague(Event e) {
        return e.cityName == null && e.asNumber == null;
    }

    private static double radius(Event e) {
        return e.accuracyRadiusKm == null ? 0 : e.accuracyRadiusKm;
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        long ttl = rule.geoVelocity().ttlMillis();
        Event last = state.lastEvent();
        if (last == null || last.timestamp + ttl <= time) {
            state.clear();
            return Optional.empty();
        }
        long lastExpiry = Detector.cleanupTime(last.timestamp + ttl);
        Long next = Detector.forgetExpired(state, ttl, time);
        timers.at(next == null ? lastExpiry : Math.min(next, lastExpiry));
        return Optional.empty();
    }

    /** Records that the key used a network ({@code kind} and {@code value}); true when it had before, within the ttl. */
    private static boolean remember(String kind, String value, long time, RuleState state) {
        if (value == null) return false;
        String slot = kind + value;
        Long seen = state.lastSeen(slot);
        if (seen == null || seen < time) state.seen(slot, time);
        return seen != null;
    }

    private static final String NETWORK = "network=";
    private static final String CLIENT = "client=";

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
