package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import java.time.Instant;
import java.util.Optional;

/** {@code indicator}: the key (a field's value) is on a list file, or was listed by an earlier event. */
public final class IndicatorDetector implements Detector {
    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Rule.Indicator params = rule.indicator();
        long time = hit.event.timestamp;
        Long since = state.since();
        if (hit.role == RuleHit.Role.LEARN) {
            // The key expires a ttl after it was first listed; a later listing does not move that.
            if (since == null || time < since) {
                state.since(time);
                timers.at(Detector.cleanupTime(time + params.ttlMillis()));
            }
            return Optional.empty();
        }
        if (params.listed().contains(hit.key)) {
            return Optional.of(new Detection(rule, hit.event, params.field() + " '" + hit.key + "' is listed in "
                    + String.join(", ", params.listFiles())));
        }
        if (since != null && time >= since) {
            return Optional.of(new Detection(rule, hit.event, params.field() + " '" + hit.key + "' was listed at "
                    + Instant.ofEpochMilli(since) + " by an earlier event"));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        Long since = state.since();
        if (since == null || since + rule.indicator().ttlMillis() <= time) state.clear();
        return Optional.empty();
    }
}
