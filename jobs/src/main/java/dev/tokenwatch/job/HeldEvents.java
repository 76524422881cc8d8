package dev.tokenwatch.job;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The order stage's held events: their serialized bytes back to back in pages of a megabyte, and a binary heap of
 * (event time, arrival) over primitive arrays. A bounded replay holds its whole input here until the end. Held as a
 * small object or five per event, that input survived every young collection, which copied it, and every full one,
 * which traced it: 7 s of pauses in a 39 s replay of 883k events. As a few hundred pages it is a few hundred objects.
 */
final class HeldEvents {
    /** What an event's bytes are handed to; the page is only valid during the call. */
    interface Reader {
        void read(long time, byte[] page, int offset, int length) throws IOException;
    }

    private static final int PAGE_BYTES = 1 << 20;
    private static final int LENGTH_BYTES = Integer.BYTES;
    private static final int SPARSE = 4;

    private static final class Page {
        final byte[] bytes;
        int used;
        int held;

        Page(int size) {
            bytes = new byte[size];
        }
    }

    private final Map<Integer, Page> pages = new HashMap<>();
    private Page writing;
    private int writingNumber = -1;
    private long[] times = new long[1024];
    private long[] arrivals = new long[1024];
    /** Page number in the high half, offset of the length prefix in the low half. */
    private long[] places = new long[1024];
    private int size;
    private long arrived;
    /** The bytes of the events held (with their length prefixes), and of the pages they are in. */
    private long heldBytes;
    private long pageBytes;

    int size() {
        return size;
    }

    /** Pages in memory: the one being written and those still holding an event. */
    int pages() {
        return pages.size();
    }

    /** The earliest held event time, or {@link Long#MAX_VALUE} when nothing is held. */
    long earliest() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    void hold(long time, byte[] bytes, int length) {
        push(time, arrived++, append(bytes, 0, length));
    }

    /** Copies an event's bytes into the page being written; its place. */
    private long append(byte[] bytes, int start, int length) {
        if (writing == null || writing.used + LENGTH_BYTES + length > writing.bytes.length) newPage(LENGTH_BYTES + length);
        int offset = writing.used;
        writeInt(writing.bytes, offset, length);
        System.arraycopy(bytes, start, writing.bytes, offset + LENGTH_BYTES, length);
        writing.used += LENGTH_BYTES + length;
        writing.held++;
        heldBytes += LENGTH_BYTES + length;
        return (long) writingNumber << 32 | offset;
    }

    private void newPage(int atLeast) {
        if (writing != null && writing.held == 0) drop(writingNumber);
        writing = new Page(Math.max(PAGE_BYTES, atLeast));
        pages.put(++writingNumber, writing);
        pageBytes += writing.bytes.length;
    }

    private void drop(int number) {
        pageBytes -= pages.remove(number).bytes.length;
    }

    /** Hands the earliest held event (ties: first arrived) to {@code reader} and lets it go. */
    void pollFirst(Reader reader) throws IOException {
        long time = times[0];
        long place = places[0];
        removeRoot();
        int number = (int) (place >>> 32);
        int offset = (int) place;
        Page page = pages.get(number);
        int length = readInt(page.bytes, offset);
        reader.read(time, page.bytes, offset + LENGTH_BYTES, length);
        heldBytes -= LENGTH_BYTES + length;
        if (--page.held == 0 && page != writing) drop(number);
        if (pageBytes > SPARSE * heldBytes + 2L * PAGE_BYTES) compact();
    }

    /**
     * Copies what is still held into fresh pages. A page is freed when its last event leaves, so an event far ahead in
     * time (a source whose clock is wrong, a forged timestamp) would keep a whole megabyte for itself, and one such
     * event every page would keep them all. Done when the pages are {@value #SPARSE} times what they hold, so its
     * copying costs at most a fraction of the bytes released.
     */
    private void compact() {
        Map<Integer, Page> old = new HashMap<>(pages);
        pages.clear();
        pageBytes = 0;
        heldBytes = 0;
        writing = null;
        for (int i = 0; i < size; i++) {
            Page from = old.get((int) (places[i] >>> 32));
            int offset = (int) places[i];
            places[i] = append(from.bytes, offset + LENGTH_BYTES, readInt(from.bytes, offset));
        }
    }

    /** Every held event in the order {@link #pollFirst} would give them, still held (for a checkpoint). */
    void forEachInOrder(Reader reader) throws IOException {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
        for (int i : order) {
            Page page = pages.get((int) (places[i] >>> 32));
            int offset = (int) places[i];
            reader.read(times[i], page.bytes, offset + LENGTH_BYTES, readInt(page.bytes, offset));
        }
    }

    private boolean before(int a, int b) {
        return times[a] < times[b] || times[a] == times[b] && arrivals[a] < arrivals[b];
    }

    private void push(long time, long arrival, long place) {
        if (size == times.length) {
            int grown = size * 2;
            times = Arrays.copyOf(times, grown);
            arrivals = Arrays.copyOf(arrivals, grown);
            places = Arrays.copyOf(places, grown);
        }
        int i = size++;
        set(i, time, arrival, place);
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(i, parent)) break;
            swap(i, parent);
            i = parent;
        }
    }

    private void removeRoot() {
        size--;
        if (size == 0) return;
        set(0, times[size], arrivals[size], places[size]);
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) break;
            int child = left + 1 < size && before(left + 1, left) ? left + 1 : left;
            if (!before(child, i)) break;
            swap(i, child);
            i = child;
        }
    }

    private void set(int i, long time, long arrival, long place) {
        times[i] = time;
        arrivals[i] = arrival;
        places[i] = place;
    }

    private void swap(int a, int b) {
        long time = times[a], arrival = arrivals[a], place = places[a];
        set(a, times[b], arrivals[b], places[b]);
        set(b, time, arrival, place);
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16 | (bytes[offset + 2] & 0xff) << 8 | bytes[offset + 3] & 0xff;
    }
}
