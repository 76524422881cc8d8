package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link RuleState} in a map, for the in-process engine and tests. */
public final class InMemoryRuleState implements RuleState {
    private Long since;
    private Event lastEvent;
    private List<Event> buffer = List.of();
    private final Map<String, Long> values = new HashMap<>();

    @Override
    public Long since() {
        return since;
    }

    @Override
    public void since(long time) {
        since = time;
    }

    @Override
    public Long lastSeen(String value) {
        return values.get(value);
    }

    @Override
    public void seen(String value, long time) {
        values.put(value, time);
    }

    @Override
    public Iterable<Map.Entry<String, Long>> values() {
        return Collections.unmodifiableMap(values).entrySet();
    }

    @Override
    public void forget(String value) {
        values.remove(value);
    }

    @Override
    public void forgetValues() {
        values.clear();
    }

    @Override
    public Event lastEvent() {
        return lastEvent;
    }

    @Override
    public void lastEvent(Event event) {
        lastEvent = event;
    }

    @Override
    public List<Event> buffer() {
        return buffer;
    }

    @Override
    public void buffer(List<Event> events) {
        buffer = List.copyOf(events);
    }

    @Override
    public void clear() {
        since = null;
        lastEvent = null;
        buffer = List.of();
        values.clear();
    }

    public boolean isEmpty() {
        return since == null && lastEvent == null && values.isEmpty() && buffer.isEmpty();
    }
}
