package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.rule.Rule;
import java.util.Optional;

/** The logic of one rule type over one key's state. Stateless itself: all memory is in {@link RuleState}. */
public interface Detector {
    Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers);

    /** An event-time timer of this key fired: expire state, or complete what only time completes. */
    Optional<Detection> onTimer(Rule rule, long time, RuleState state);

    /** Cleanup rounded up to the hour: Flink keeps one timer per key and time, so a busy key holds a few, not thousands. */
    static long cleanupTime(long due) {
        long hour = 3_600_000L;
        return Math.floorDiv(due + hour - 1, hour) * hour;
    }

    static String value(String path, Event event) {
        return EventField.byPath(path).orElseThrow().text(event);
    }
}
