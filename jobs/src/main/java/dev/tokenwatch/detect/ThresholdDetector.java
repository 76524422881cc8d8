package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code threshold}: at least N events (or N distinct values of a field) per key in a window. Plain
 * counts are kept in buckets of 1/60 of the window, so a key holds at most ~61 entries however busy
 * it is; distinct counts keep each value's last-seen time. Every event at or over the threshold is a
 * detection; suppression folds them into one alert. With a {@link Rule.Baseline}, a key's routine
 * (its first day, then up to a factor of its own peak) is not.
 */
public final class ThresholdDetector implements Detector {
    private static final String BUCKET = "bucket:";
    private static final String VALUE = "value:";
    /**
     * Baseline: the key's highest count in earlier windows (below the threshold too) and when it was
     * reached, and the current window's highest: a count is compared with earlier windows only, or a
     * burst would raise its own bar event by event.
     */
    private static final String PEAK = "peak";
    private static final String PEAK_AT = "peak-at";
    private static final String PEAK_NOW = "peak-now";
    private static final String PEAK_NOW_AT = "peak-now-at";

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
        if (p.baseline() != null && (state.since() == null || now < state.since())) {
            state.since(now);
            timers.at(Detector.cleanupTime(now + p.baseline().historyMillis()));
        }
        long from = windowStart(p, now);
        long total = 0;
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> slot : state.values()) {
            if (slot.getKey().startsWith(PEAK)) continue;
            long time = slotTime(slot);
            if (time < from) {
                expired.add(slot.getKey());
            } else {
                total += slot.getKey().startsWith(BUCKET) ? slot.getValue() : 1;
            }
        }
        expired.forEach(state::forget);
        timers.at(Detector.cleanupTime(now + p.windowMillis()));
        Long peak = null;
        if (p.baseline() != null) {
            // Every window counts towards the routine, also those below the threshold: a deploy robot whose
            // daily run touched 6 repositories yesterday and 20 today is doing its job, a token that never
            // pulled more than 3 at once now pulling 20 is not.
            Long windowPeakAt = state.lastSeen(PEAK_NOW_AT);
            if (windowPeakAt != null && windowPeakAt < from) {
                foldWindowPeak(state);
                windowPeakAt = null;
            }
            peak = state.lastSeen(PEAK);
            if (windowPeakAt == null || total > state.lastSeen(PEAK_NOW)) {
                state.seen(PEAK_NOW, total);
                state.seen(PEAK_NOW_AT, now);
            }
            timers.at(Detector.cleanupTime(now + p.baseline().historyMillis()));
        }
        if (total < p.count()) return Optional.empty();
        String usual = "";
        if (p.baseline() != null) {
            boolean learning = now < state.since() + p.baseline().learningPeriodMillis();
            boolean routine = peak != null && total <= peak * p.baseline().factor();
            if (learning || routine) return Optional.empty();
            usual = peak == null ? ", no earlier window on record" : String.format(Locale.ROOT, ", more than %.0f× its usual peak of %d", p.baseline().factor(), peak);
        }
        String what = p.distinctField() == null ? total + " events" : total + " distinct " + p.distinctField() + " values";
        return Optional.of(new Detection(rule, event, what + " for " + String.join(", ", rule.groupBy()) + " '" + hit.key
                + "' within " + Duration.ofMillis(p.windowMillis()).toString().substring(2).toLowerCase()
                + (p.tumbling() ? " (tumbling)" : "") + ", threshold " + p.count() + usual));
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        Rule.Threshold p = rule.threshold();
        long from = time - p.windowMillis();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> slot : state.values()) {
            if (!slot.getKey().startsWith(PEAK) && slotTime(slot) < from) expired.add(slot.getKey());
        }
        expired.forEach(state::forget);
        Long windowPeakAt = state.lastSeen(PEAK_NOW_AT);
        if (windowPeakAt != null && windowPeakAt < from) foldWindowPeak(state);
        Long peakAt = state.lastSeen(PEAK_AT);
        if (peakAt != null && peakAt + p.baseline().historyMillis() <= time) {
            state.forget(PEAK);
            state.forget(PEAK_AT);
        }
        boolean remembersKey = p.baseline() != null && state.since() != null && state.since() + p.baseline().historyMillis() > time;
        if (!state.values().iterator().hasNext() && !remembersKey) state.clear();
        return Optional.empty();
    }

    /** A finished window's highest count joins the key's peak. */
    private static void foldWindowPeak(RuleState state) {
        long windowPeak = state.lastSeen(PEAK_NOW);
        Long peak = state.lastSeen(PEAK);
        if (peak == null || windowPeak >= peak) {
            state.seen(PEAK, windowPeak);
            state.seen(PEAK_AT, state.lastSeen(PEAK_NOW_AT));
        }
        state.forget(PEAK_NOW);
        state.forget(PEAK_NOW_AT);
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
