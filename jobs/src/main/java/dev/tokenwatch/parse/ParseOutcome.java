package dev.tokenwatch.parse;

import dev.tokenwatch.event.Event;
import java.util.List;

/**
 * What one raw record became: events, dead letters, or (for an envelope with a bad element) both; or nothing, for a
 * record that is data but reports no event ({@code ignored}: a registry log line about a completed request).
 */
public record ParseOutcome(List<Event> events, List<DeadLetter> deadLetters, boolean ignored) {
    public ParseOutcome(List<Event> events, List<DeadLetter> deadLetters) {
        this(events, deadLetters, false);
    }

    static ParseOutcome notAnEvent() {
        return new ParseOutcome(List.of(), List.of(), true);
    }

    public boolean clean() {
        return deadLetters.isEmpty();
    }

    public boolean blank() {
        return !ignored && events.isEmpty() && deadLetters.isEmpty();
    }
}
