package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The logic of one rule type over one key's state. Stateless itself: all memory is in {@link RuleState}. */
public interface Detector {
    Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers);

    /**
     * An event-time timer of this key fired: expire state, or complete what only time completes.
     *
     * <p>State that only expires (new_value, geo_velocity, dormant, indicator) keeps one cleanup timer per key,
     * not one per hour of use: a timer when the state or one of its values is made, and at each cleanup one more at
     * the earliest expiry left. An item's expiry only moves later as it is used again, so every item is still
     * forgotten at {@link #cleanupTime} of its last use plus the window, and a busy key costs a timer now and then
     * instead of one per hit.
     */
    Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers);

    /** Cleanup rounded up to the hour: Flink keeps one timer per key and time, so a busy key holds a few, not thousands. */
    static long cleanupTime(long due) {
        long hour = 3_600_000L;
        return Math.floorDiv(due + hour - 1, hour) * hour;
    }

    /**
     * Whether the key used the event's client ({@code user_agent.original}) before, kept as a value slot
     * {@code prefix + client}. A client is learned only in the key's learning period (where everything is)
     * and from the account's own routine network ({@code source.network.familiar}: its home line, its
     * office), where the owner's machine is: an attacker's tool never gets there, so a victim hit twice
     * from the attacker's servers does not make the attacker's client known. An event without a client
     * has none. A slot it makes gets a cleanup timer at {@code expiry}.
     */
    static boolean knownClient(Event event, RuleState state, String prefix, boolean learning, Timers timers, long expiry) {
        if (event.userAgent == null) return false;
        String slot = prefix + event.userAgent;
        Long lastSeen = state.lastSeen(slot);
        boolean owners = learning || Boolean.TRUE.equals(event.networkFamiliar);
        if (owners && (lastSeen == null || lastSeen < event.timestamp)) {
            state.seen(slot, event.timestamp);
            if (lastSeen == null) timers.at(expiry);
        }
        return lastSeen != null;
    }

    /**
     * Forgets the values (last-use times) a {@code window} old by {@code time}; the earliest expiry
     * ({@link #cleanupTime}) of those left, or null when none is.
     */
    static Long forgetExpired(RuleState state, long window, long time) {
        Long next = null;
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> value : state.values()) {
            if (value.getValue() + window <= time) {
                expired.add(value.getKey());
            } else {
                long expiry = cleanupTime(value.getValue() + window);
                if (next == null || expiry < next) next = expiry;
            }
        }
        expired.forEach(state::forget);
        return next;
    }

    static String value(String path, Event event) {
        return EventField.byPath(path).orElseThrow().text(event);
    }
}
