package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.RuleSection;
import java.time.Duration;

/** The {@code geo_velocity:} section, for {@link GeoVelocityDetector}. */
public final class GeoVelocitySection implements RuleSection<Rule.GeoVelocity> {
    @Override
    public Rule.GeoVelocity read(RuleReader in) {
        Double speed = in.number("geo_velocity.max_speed_kmh");
        Double distance = in.number("geo_velocity.min_distance_km");
        long ttl = in.duration("geo_velocity.ttl", Duration.ofDays(30).toMillis());
        boolean subtractAccuracy = in.bool("geo_velocity.subtract_accuracy", true);
        Long sharedBy = in.atLeastOne("geo_velocity.shared_by", "other accounts using both networks");
        boolean knownNetworks = in.bool("geo_velocity.ignore_known_networks", false);
        boolean knownClients = in.bool("geo_velocity.ignore_known_clients", false);
        long learning = in.duration("geo_velocity.learning_period", 0);
        if (learning > 0 && !knownNetworks && !knownClients) {
            in.problem("geo_velocity.learning_period", "only means something with ignore_known_networks or ignore_known_clients: true (what it learns)");
        }
        return new Rule.GeoVelocity(speed == null ? 0 : speed, distance == null ? 0 : distance, ttl, subtractAccuracy, sharedBy,
                knownNetworks, learning, knownClients);
    }
}
