package dev.tokenwatch.parse;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The field problems of one event being parsed. A value that fails validation in an event that is
 * otherwise usable costs that value, not the event: dead-lettering the whole record would let anyone
 * who controls one field (a client writes its own X-Forwarded-For) hide the event from every rule.
 * The problems end up in {@code tokenwatch.problems}, where rules and analysts can see them.
 */
final class Problems {
    /** Enough for every field of the schema; more can only come from a native event's own list. */
    static final int MAX_PROBLEMS = 32;

    private final List<String> entries = new ArrayList<>();

    /** A field read that may fail; the exception's message names the field and the value. */
    @FunctionalInterface
    interface FieldRead<T> {
        T read() throws ParseException;
    }

    /** The value, or null with the failure recorded as a problem. */
    <T> T tolerate(FieldRead<T> read) {
        try {
            return read.read();
        } catch (ParseException e) {
            add(e.getMessage());
            return null;
        }
    }

    /** A new list starting with these problems: those of a whole document, shared by each event made from it. */
    Problems copy() {
        Problems copy = new Problems();
        copy.entries.addAll(entries);
        return copy;
    }

    void add(String problem) {
        entries.add(Secrets.scrub(problem));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Appends the problems to the event's own list (a native event may bring one), keeping at most
     * {@link #MAX_PROBLEMS} so an input cannot grow an event without bound through this list.
     */
    void attachTo(Event event) {
        List<String> all = new ArrayList<>();
        if (event.problems != null) all.addAll(Arrays.asList(event.problems));
        all.addAll(entries);
        if (all.size() > MAX_PROBLEMS) {
            int dropped = all.size() - (MAX_PROBLEMS - 1);
            all = new ArrayList<>(all.subList(0, MAX_PROBLEMS - 1));
            all.add("tokenwatch.problems: " + dropped + " more problems not kept");
        }
        // An empty list is no problem: "tokenwatch.problems is not null" then means "has a problem".
        event.problems = all.isEmpty() ? null : all.toArray(String[]::new);
    }
}
