package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code new_value}: the first value of a field for a key, once the key's learning period is over
 * (the key's first event is always learned). Fields come most telling first (country, network, prefix):
 * the first new one sets the detection's severity.
 * With {@code ignore_known_clients}, new values seen with a client (user agent) the key used before from
 * its own routine network are learned without a detection: the owner's own machine on a new network (a VPN, a hotspot, a trip);
 * and a new value that was a detection because another client brought it is not learned: an attacker
 * returning to the same server with a second stolen credential of the same account is new again.
 * Values unseen for the history window are forgotten; a key with nothing left is dropped entirely.
 */
public final class NewValueDetector implements Detector {
    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Rule.NewValue params = rule.newValue();
        Event event = hit.event;
        Long first = state.since();
        // A key's very first event has no history to be new against: it is learned even without a learning period.
        boolean firstEvent = first == null;
        if (first == null || event.timestamp < first) {
            first = event.timestamp;
            state.since(first);
        }
        long expiry = Detector.cleanupTime(event.timestamp + params.historyWindowMillis());
        if (firstEvent) timers.at(expiry);

        // The owner's own machine (a client the key used before) on a new network is the person moving, not news.
        boolean knownClient = params.knownClients()
                && Detector.knownClient(event, state, CLIENT, firstEvent || event.timestamp < first + params.learningPeriodMillis(), timers, expiry);
        boolean unvouched = params.knownClients() && !knownClient && event.userAgent != null;
        List<String> fresh = new ArrayList<>();
        Rule.NewValueField gravest = null;
        for (int index = 0; index < params.fields().size(); index++) {
            Rule.NewValueField field = params.fields().get(index);
            String path = field.path();
            String value = Detector.value(path, event);
            for (int i = 0; value == null && i < field.otherwise().size(); i++) {
                path = field.otherwise().get(i);
                value = Detector.value(path, event);
            }
            if (value == null) continue;
            String slot = path + "=" + value;
            Long lastSeen = state.lastSeen(slot);
            long learningPeriod = field.learningPeriodMillis() != null ? field.learningPeriodMillis() : params.learningPeriodMillis();
            boolean learning = firstEvent || event.timestamp < first + learningPeriod;
            if (lastSeen == null && !learning && !knownClient && !onRoutineNetwork(field, event) && !hit.quiet(index)) {
                fresh.add(path + " '" + value + "'");
                if (gravest == null) gravest = field;
                // Brought by a client that is not the owner's: not vouched for, so it stays new until the owner's client uses it.
                if (unvouched) continue;
            }
            if (lastSeen == null || lastSeen < event.timestamp) state.seen(slot, event.timestamp);
            if (lastSeen == null) timers.at(expiry);
        }
        if (fresh.isEmpty()) return Optional.empty();
        return Optional.of(new Detection(rule, event, "first " + String.join(" and ", fresh) + " for "
                + String.join(", ", rule.groupBy()) + " '" + hit.key + "' (history since " + Instant.ofEpochMilli(first) + ")")
                .rated(gravest.severity(), gravest.riskScore()));
    }

    /** Clients share the key's value slots; no field path starts with this. */
    private static final String CLIENT = "@client=";

    /**
     * A value first seen on a network other accounts use routinely is shared infrastructure, and one
     * first seen on the account's own routine network (its home line) is the person, not news.
     */
    private static boolean onRoutineNetwork(Rule.NewValueField field, Event event) {
        return field.sharedBy() != null && event.networkSharedBy != null && event.networkSharedBy >= field.sharedBy()
                || field.unlessFamiliar() && Boolean.TRUE.equals(event.networkFamiliar);
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        Long next = Detector.forgetExpired(state, rule.newValue().historyWindowMillis(), time);
        if (next == null) state.clear();
        else timers.at(next);
        return Optional.empty();
    }
}
