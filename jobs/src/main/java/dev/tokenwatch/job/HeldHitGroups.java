package dev.tokenwatch.job;

import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hit groups of every key of one rule-state subtask that wait for the watermark, by event time.
 * Held per subtask rather than per key with a timer each: the order stage releases events a watermark
 * step at a time, so only one step's groups wait here, and a keyed entry plus a timer for each key and
 * time (timer queue upkeep, collisions in its dedup map) was a fifth of rule state's work.
 */
final class HeldHitGroups {
    private static final Comparator<HitGroup> BY_EVENT_ID = Comparator.comparing(g -> g.event, Event.BY_ID);
    private final TreeMap<Long, List<HitGroup>> byTime = new TreeMap<>();

    void hold(HitGroup group) {
        byTime.computeIfAbsent(group.event.timestamp, t -> new ArrayList<>()).add(group);
    }

    /**
     * The earliest time held at or before {@code watermark} with its groups, ties by event id (a key's
     * replay order); they are no longer held. Null when nothing is due.
     */
    Map.Entry<Long, List<HitGroup>> pollDue(long watermark) {
        if (byTime.isEmpty() || byTime.firstKey() > watermark) return null;
        Map.Entry<Long, List<HitGroup>> due = byTime.pollFirstEntry();
        due.getValue().sort(BY_EVENT_ID);
        return due;
    }

    /** Everything held, for a checkpoint. */
    List<HitGroup> all() {
        List<HitGroup> all = new ArrayList<>();
        byTime.values().forEach(all::addAll);
        return all;
    }
}
