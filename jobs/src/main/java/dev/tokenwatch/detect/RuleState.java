package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import java.util.List;
import java.util.Map;

/**
 * What one rule remembers for one group key. In the job it is Flink keyed state (checkpointed,
 * restored after a restart); in {@code rules test} and unit tests it is a plain map.
 */
public interface RuleState {
    /** new_value, geo_velocity and threshold baselines: the key's first event time; indicator: when the value was learned as listed. */
    Long since();

    void since(long time);

    /** When a value (as {@code field=value}) was last seen, or null if never. */
    Long lastSeen(String value);

    void seen(String value, long time);

    /**
     * All values with their last-seen times, as kept: a view, not a copy (a copy on every hit was 7% of rule state's
     * work). Forget values only once the iteration is done.
     */
    Iterable<Map.Entry<String, Long>> values();

    void forget(String value);

    /** Forgets every value. */
    void forgetValues();

    /** The last event a rule kept for this key (geo_velocity's previous use, a sequence's last step), or null. */
    Event lastEvent();

    void lastEvent(Event event);

    /** Recent events an {@code epl} rule keeps for the key, oldest first (empty if none). */
    List<Event> buffer();

    void buffer(List<Event> events);

    void clear();
}
