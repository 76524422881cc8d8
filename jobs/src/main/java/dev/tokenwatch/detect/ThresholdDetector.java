package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code threshold}: at least N events (or N distinct values of a field) per key in a window. Plain
 * counts are kept in buckets of 1/60 of the window, so a key holds at most ~61 entries however busy
 * it is; distinct counts keep each value's last-seen time. Every event at or over the threshold is a
 * detection; suppression folds them into one alert.
 */
public final class ThresholdDetector implements Detector {
    private static final String BUCKET = "bucket:";
    private static final String VALUE = "value:";

    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Rule.Threshold p = rule.threshold();
        Event event = hit.event;
        long now = event.timestamp;
        if (p.distinctField() == null) {
            long bucket = Math.floorDiv(now, bucketSize(p)) * bucketSize(p);
            Long n = state.lastSeen(BUCKET + bucket);
            state.seen(BUCKET + bucket, n == null ? 1 : n + 1);
        } else {
            String value = Detector.value(p.distinctField(), event);
            if (value == null) return Optional.empty();
            Long lastSeen = state.lastSeen(VALUE + value);
            if (lastSeen == null || lastSeen < now) state.seen(VALUE + value, now);
        }
        long from = windowStart(p, now);
        long total = 0;
        for (Map.Entry<String, Long> slot : state.values().entrySet()) {
            long time = slotTime(slot);
            if (time < from) {
                state.forget(slot.getKey());
            } else {
                total += slot.getKey().startsWith(BUCKET) ? slot.getValue() : 1;
            }
        }
        timers.at(Detector.cleanupTime(now + p.windowMillis()));
        if (total < p.count()) return Optional.empty();
        String what = p.distinctField() == null ? total + " events" : total + " distinct " + p.distinctField() + " values";
        return Optional.of(new Detection(rule, event, what + " for " + String.join(", ", rule.groupBy()) + " '" + hit.key
                + "' within " + Duration.ofMillis(p.windowMillis()).toString().substring(2).toLowerCase()
                + (p.tumbling() ? " (tumbling)" : "") + ", threshold " + p.count()));
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state) {
        long from = time - rule.threshold().windowMillis();
        for (Map.Entry<String, Long> slot : state.values().entrySet()) {
            if (slotTime(slot) < from) state.forget(slot.getKey());
        }
        if (state.values().isEmpty()) state.clear();
        return Optional.empty();
    }

    private static long bucketSize(Rule.Threshold p) {
        return Math.max(1000, p.windowMillis() / 60);
    }

    private static long windowStart(Rule.Threshold p, long now) {
        return p.tumbling() ? Math.floorDiv(now, p.windowMillis()) * p.windowMillis() : now - p.windowMillis() + 1;
    }

    private static long slotTime(Map.Entry<String, Long> slot) {
        return slot.getKey().startsWith(BUCKET) ? Long.parseLong(slot.getKey().substring(BUCKET.length())) : slot.getValue();
    }
}
