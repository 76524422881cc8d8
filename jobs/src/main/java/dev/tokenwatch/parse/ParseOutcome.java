package dev.tokenwatch.parse;

import dev.tokenwatch.event.Event;
import java.util.List;

/** What one raw record became: events, dead letters, or (for an envelope with a bad element) both. */
public record ParseOutcome(List<Event> events, List<DeadLetter> deadLetters) {
    public boolean clean() {
        return deadLetters.isEmpty();
    }

    public boolean blank() {
        return events.isEmpty() && deadLetters.isEmpty();
    }
}
