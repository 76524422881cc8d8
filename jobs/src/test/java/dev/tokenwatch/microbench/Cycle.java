package dev.tokenwatch.microbench;

import java.util.List;

/**
 * Hands out the items of a list in turn, round and round: a benchmark then sees a stream of different inputs (as the
 * job does), not one input again and again that branch prediction and caches would learn by heart.
 */
final class Cycle<T> {
    private final Object[] items;
    private int next;

    Cycle(List<? extends T> items) {
        if (items.isEmpty()) throw new IllegalArgumentException("nothing to cycle through");
        this.items = items.toArray();
    }

    @SuppressWarnings("unchecked")
    T next() {
        Object item = items[next];
        next = next + 1 == items.length ? 0 : next + 1;
        return (T) item;
    }

    int size() {
        return items.length;
    }
}
