package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code dormant}: a key used again after at least the gap of silence. Only the last use is kept; a
 * key first seen in the stream has no known silence and does not alert.
 */
public final class DormantDetector implements Detector {
    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Rule.Dormant p = rule.dormant();
        long now = hit.event.timestamp;
        Long last = state.since();
        if (last != null && now <= last) return Optional.empty();
        state.since(now);
        timers.at(Detector.cleanupTime(now + p.ttlMillis()));
        if (last == null || now - last < p.gapMillis()) return Optional.empty();
        long days = Duration.ofMillis(now - last).toDays();
        return Optional.of(new Detection(rule, hit.event, String.join(", ", rule.groupBy()) + " '" + hit.key
                + "' used again after " + days + " days of silence (last use " + Instant.ofEpochMilli(last) + ")"));
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state) {
        Long last = state.since();
        if (last == null || last + rule.dormant().ttlMillis() <= time) state.clear();
        return Optional.empty();
    }
}
