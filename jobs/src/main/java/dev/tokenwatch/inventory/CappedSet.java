package dev.tokenwatch.inventory;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The first {@code cap} distinct values, in the order first seen, and how many distinct values there
 * were in all. A token used from thousands of addresses must not grow its record without bound, but
 * "used from 3,214 networks" is itself the finding, so the total stays exact: values past the cap are
 * remembered only as 64-bit fingerprints.
 */
public final class CappedSet {
    private final int cap;
    private final Set<String> kept = new LinkedHashSet<>();
    private final Set<Long> overflow = new HashSet<>();

    public CappedSet(int cap) {
        if (cap < 1) throw new IllegalArgumentException("cap must be at least 1, got " + cap);
        this.cap = cap;
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

    @Override
    public String toString() {
        return String.join(",", kept) + (truncated() ? ",... (" + total() + " in all)" : "");
    }
}
