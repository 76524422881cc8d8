package dev.tokenwatch.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The first {@code cap} distinct values, in the order first seen, and how many distinct values there
 * were in all. A token used from thousands of addresses must not grow its record without bound, but
 * "used from 3,214 networks" is itself the finding, so the total stays exact: values past the cap are
 * remembered only as 64-bit fingerprints.
 */
public final class CappedSet {
    private final int cap;
    private final Set<String> kept;
    private final Set<Long> overflow = new HashSet<>();

    public CappedSet(int cap) {
        this(cap, new LinkedHashSet<>());
    }

    private CappedSet(int cap, Set<String> kept) {
        if (cap < 1) throw new IllegalArgumentException("cap must be at least 1, got " + cap);
        this.cap = cap;
        this.kept = kept;
    }

    /**
     * Kept in sorted order rather than in the order first seen: for values whose arrival order is not part of the
     * record (alerts come from parallel subtasks), so the same values make the same record.
     */
    public static CappedSet sorted(int cap) {
        return new CappedSet(cap, new TreeSet<>());
    }

    /** @return whether the value was new */
    public boolean add(String value) {
        if (value == null || kept.contains(value)) return false;
        if (kept.size() < cap) return kept.add(value);
        return overflow.add(fingerprint(value));
    }

    public boolean contains(String value) {
        return value != null && (kept.contains(value) || overflow.contains(fingerprint(value)));
    }

    /** The kept values, at most the cap, in the order first seen. */
    public Set<String> values() {
        return Collections.unmodifiableSet(kept);
    }

    /** Distinct values seen, kept or not. */
    public int total() {
        return kept.size() + overflow.size();
    }

    public boolean truncated() {
        return !overflow.isEmpty();
    }

    private static long fingerprint(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Everything this set holds, fingerprints too, for keeping it in the job's state ({@link #fromState}). */
    ObjectNode toState() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("cap", cap);
        if (kept instanceof TreeSet) node.put("sorted", true);
        kept.forEach(node.putArray("kept")::add);
        if (!overflow.isEmpty()) overflow.forEach(node.putArray("overflow")::add);
        return node;
    }

    static CappedSet fromState(JsonNode node) {
        int cap = node.path("cap").asInt();
        CappedSet set = node.path("sorted").asBoolean() ? sorted(cap) : new CappedSet(cap);
        node.path("kept").forEach(v -> set.kept.add(v.asText()));
        node.path("overflow").forEach(v -> set.overflow.add(v.asLong()));
        return set;
    }

    @Override
    public String toString() {
        return String.join(",", kept) + (truncated() ? ",... (" + total() + " in all)" : "");
    }
}
