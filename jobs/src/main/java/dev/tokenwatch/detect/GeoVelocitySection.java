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
        boolean subtractAccuracy = in.at("geo_velocity.subtract_accuracy") == null || in.bool("geo_velocity.subtract_accuracy");
        Long sharedBy = null;
        if (in.at("geo_velocity.shared_by") != null) {
            Integer n = in.integer("geo_velocity.shared_by");
            if (n != null && n < 1) in.problem("geo_velocity.shared_by", "expected at least 1 (other accounts using both networks), got " + n);
            else if (n != null) sharedBy = n.longValue();
        }
        boolean knownNetworks = in.at("geo_velocity.ignore_known_networks") != null && in.bool("geo_velocity.ignore_known_networks");
        long learning = in.duration("geo_velocity.learning_period", 0);
        if (learning > 0 && !knownNetworks) in.problem("geo_velocity.learning_period", "only means something with ignore_known_networks: true (what it learns are networks)");
        return new Rule.GeoVelocity(speed == null ? 0 : speed, distance == null ? 0 : distance, ttl, subtractAccuracy, sharedBy,
                knownNetworks, learning);
    }
}
