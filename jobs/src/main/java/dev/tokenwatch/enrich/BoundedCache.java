package dev.tokenwatch.enrich;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe map that never grows past {@code maxEntries}: when full it is emptied and
 * refilled by later lookups. Cruder than LRU, but lock-free for readers, and hot addresses come
 * straight back.
 */
final class BoundedCache<K, V> {

    private final ConcurrentHashMap<K, V> map;
    private final int maxEntries;

    BoundedCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.map = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
    }

    V get(K key) {
        return map.get(key);
    }

    void put(K key, V value) {
        if (map.size() >= maxEntries) {
            map.clear();
        }
        map.put(key, value);
    }

    int size() {
        return map.size();
    }
}
