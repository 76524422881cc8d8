package dev.tokenwatch.parse;

import dev.tokenwatch.event.Entities;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;

/**
 * The last steps every event of the parse package goes through, whichever source made it: one place, so an event
 * made from a snapshot diff is scrubbed and keyed exactly like one read from a log line.
 */
final class EventFinishing {
    private EventFinishing() {}

    /** Attaches the problems, fingerprints secrets (problems included) and assigns the entity rules group by. */
    static Event finish(Event event, Problems problems) {
        problems.attachTo(event);
        Secrets.scrub(event);
        Entities.assign(event);
        return event;
    }
}
