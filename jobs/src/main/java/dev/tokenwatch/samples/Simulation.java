package dev.tokenwatch.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.PriorityQueue;

/**
 * Runs activities in event time and releases the events they produce in time order.
 *
 * <p>An activity at time T only emits events at T or later (a push is several events over a few
 * seconds), so pending events earlier than the next activity are final and can be written: the
 * output is sorted while only a handful of lines are held.
 */
final class Simulation {

    /** Something that happens at a point in event time (milliseconds since the epoch). */
    interface Activity {
        void run(long now);
    }

    /** Something queued for a time; ties go to whatever was queued first, so every run is the same. */
    private record Queued<T>(long time, long order, T item) implements Comparable<Queued<T>> {
        @Override
        public int compareTo(Queued<T> o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    /** A finished event waiting until no activity can produce an earlier one. */
    private record Event(Format format, ObjectNode json) {
    }

    final Dice dice;
    private final long end;
    private final Output output;
    private final PriorityQueue<Queued<Activity>> agenda = new PriorityQueue<>();
    /** Keyed by nanoseconds: Distribution's timestamps are finer than a millisecond. */
    private final PriorityQueue<Queued<Event>> pending = new PriorityQueue<>();
    /** Shared by both queues. */
    private long order;

    /** Nothing at or after {@code end} (milliseconds) is scheduled or written. */
    Simulation(Dice dice, long end, Output output) {
        this.dice = dice;
        this.end = end;
        this.output = output;
    }

    void at(long time, Activity activity) {
        if (time < end) agenda.add(new Queued<>(time, order++, activity));
    }

    void emit(Format format, long nanos, ObjectNode json) {
        if (nanos / 1_000_000 < end) pending.add(new Queued<>(nanos, order++, new Event(format, json)));
    }

    void emitAtMillis(Format format, long millis, ObjectNode json) {
        emit(format, millis * 1_000_000, json);
    }

    void run() {
        while (!agenda.isEmpty() && !output.isFull()) {
            Queued<Activity> next = agenda.poll();
            writeEarlierThan(next.time() * 1_000_000);
            next.item().run(next.time());
        }
        writeEarlierThan(Long.MAX_VALUE);
    }

    private void writeEarlierThan(long nanos) {
        while (!pending.isEmpty() && pending.peek().time() < nanos && !output.isFull()) {
            Event e = pending.poll().item();
            output.write(e.format(), e.json());
        }
    }
}
