package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code dormant}: a key used again after at least the gap of silence. Only the last use is kept (and,
 * with {@code ignore_same_prefix}, its address's /24 or /48); a key first seen in the stream has no
 * known silence and does not alert. With {@code ignore_same_prefix}, a key that wakes in the prefix it
 * last used is its own schedule (a quarterly job on the cluster that ran it last quarter): a leaked
 * token wakes somewhere else. The prefix, not the AS: an attacker can rent in the same cloud.
 */
public final class DormantDetector implements Detector {
    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Rule.Dormant p = rule.dormant();
        long now = hit.event.timestamp;
        Long last = state.since();
        if (last != null && now <= last) return Optional.empty();
        state.since(now);
        // Later uses only move the expiry later: the timer set here finds them and sets the next one.
        if (last == null) timers.at(Detector.cleanupTime(now + p.ttlMillis()));
        boolean sameNetwork = p.samePrefixIsSchedule() && lastNetwork(hit.event, state);
        if (last == null || now - last < p.gapMillis() || sameNetwork) return Optional.empty();
        long days = Duration.ofMillis(now - last).toDays();
        return Optional.of(new Detection(rule, hit.event, String.join(", ", rule.groupBy()) + " '" + hit.key
                + "' used again after " + days + " days of silence (last use " + Instant.ofEpochMilli(last) + ")"));
    }

    /** Whether the event's prefix is the one the key last used; remembers the event's as the last. */
    private static boolean lastNetwork(Event event, RuleState state) {
        String network = event.networkPrefix;
        String slot = NETWORK + network;
        boolean same = network != null && state.lastSeen(slot) != null;
        // Only the last use's prefix is kept: when it is this one, there is nothing else to forget.
        if (!same) state.forgetValues();
        if (network != null) state.seen(slot, event.timestamp);
        return same;
    }

    private static final String NETWORK = "prefix=";

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        Long last = state.since();
        if (last == null || last + rule.dormant().ttlMillis() <= time) state.clear();
        else timers.at(Detector.cleanupTime(last + rule.dormant().ttlMillis()));
        return Optional.empty();
    }
}
