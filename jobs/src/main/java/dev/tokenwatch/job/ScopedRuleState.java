package dev.tokenwatch.job;

import static dev.tokenwatch.job.StateAccess.unchecked;

import dev.tokenwatch.detect.RuleState;
import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.runtime.state.internal.InternalMapState;
import org.apache.flink.runtime.state.internal.InternalValueState;

/**
 * {@link RuleState} over Flink keyed state, scoped to the current key and to one rule's namespace
 * ({@link #scope}), as Flink's window operator scopes its state to a window.
 */
final class ScopedRuleState implements RuleState {
    private final InternalValueState<String, String, Long> since;
    private final InternalMapState<String, String, String, Long> values;
    private final InternalValueState<String, String, Event> lastEvent;
    private final InternalListState<String, String, Event> buffer;

    ScopedRuleState(InternalValueState<String, String, Long> since, InternalMapState<String, String, String, Long> values,
                    InternalValueState<String, String, Event> lastEvent, InternalListState<String, String, Event> buffer) {
        this.since = since;
        this.values = values;
        this.lastEvent = lastEvent;
        this.buffer = buffer;
    }

    /** Points every piece of state at rule scope {@code scope} ({@code RuleHit.stateScope()}) of the current key. */
    ScopedRuleState scope(String scope) {
        since.setCurrentNamespace(scope);
        values.setCurrentNamespace(scope);
        lastEvent.setCurrentNamespace(scope);
        buffer.setCurrentNamespace(scope);
        return this;
    }

    @Override
    public List<Event> buffer() {
        return unchecked(() -> {
            List<Event> events = new ArrayList<>();
            Iterable<Event> stored = buffer.get();
            if (stored != null) stored.forEach(events::add);
            return events;
        });
    }

    @Override
    public void buffer(List<Event> events) {
        unchecked(() -> {
            buffer.update(events);
            return null;
        });
    }

    @Override
    public Event lastEvent() {
        return unchecked(lastEvent::value);
    }

    @Override
    public void lastEvent(Event event) {
        unchecked(() -> {
            lastEvent.update(event);
            return null;
        });
    }

    @Override
    public Long since() {
        return unchecked(since::value);
    }

    @Override
    public void since(long time) {
        unchecked(() -> {
            since.update(time);
            return null;
        });
    }

    @Override
    public Long lastSeen(String value) {
        return unchecked(() -> values.get(value));
    }

    @Override
    public void seen(String value, long time) {
        unchecked(() -> {
            values.put(value, time);
            return null;
        });
    }

    @Override
    public Iterable<Map.Entry<String, Long>> values() {
        return unchecked(() -> {
            // The internal state answers null, not an empty iterable, for a scope with no values.
            Iterable<Map.Entry<String, Long>> entries = values.entries();
            return entries != null ? entries : List.of();
        });
    }

    @Override
    public void forget(String value) {
        unchecked(() -> {
            values.remove(value);
            return null;
        });
    }

    @Override
    public void forgetValues() {
        values.clear();
    }

    @Override
    public void clear() {
        since.clear();
        values.clear();
        lastEvent.clear();
        buffer.clear();
    }
}
