package dev.tokenwatch.source.receiver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Lines gathered from streaming senders and stored in the spool a batch at a time: one fsynced file per line would
 * cost a sync per audit entry, and one file per connection would wait for a connection Harbor keeps open for days.
 * A batch is stored when it has {@code maxLines} lines, when its oldest line has waited {@code maxWait}, and when asked
 * (a connection closing, the receiver stopping).
 *
 * <p>Who watches the wait depends on the caller. Many threads adding (syslog connections) start a timer with
 * {@link #flushedEvery}; a single thread that must know when its lines are durable (the log tailer, which records its
 * position only then) calls {@link #flushIfDue} itself, so every store happens on its thread and in its order.
 */
final class SpoolBatch implements AutoCloseable {
    private final AcceptedLines spool;
    private final String source;
    private final int maxLines;
    private final long maxWaitNanos;
    private final BiConsumer<List<String>, IOException> unstored;
    private final AtomicLong stored = new AtomicLong();
    private ScheduledExecutorService timer;
    private List<String> pending = new ArrayList<>();
    private long oldestAddedAt;

    /**
     * @param unstored told of lines the spool refused, with the reason, so they become dead letters (or are read
     *                 again) rather than vanish
     */
    SpoolBatch(AcceptedLines spool, String source, int maxLines, long maxWaitMillis, BiConsumer<List<String>, IOException> unstored) {
        this.spool = spool;
        this.source = source;
        this.maxLines = maxLines;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.unstored = unstored;
    }

    /** Stores what is pending every {@code maxWait} from a daemon thread of this name, for batches many threads add to. */
    SpoolBatch flushedEvery(String threadName) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    void add(String line) {
        List<String> full = null;
        synchronized (this) {
            if (pending.isEmpty()) oldestAddedAt = System.nanoTime();
            pending.add(line);
            if (pending.size() >= maxLines) full = take();
        }
        if (full != null) store(full);
    }

    /** Stores what is pending now. */
    void flush() {
        List<String> lines;
        synchronized (this) {
            lines = take();
        }
        if (!lines.isEmpty()) store(lines);
    }

    /** Stores what is pending if its oldest line has waited {@code maxWait}. */
    void flushIfDue() {
        List<String> lines;
        synchronized (this) {
            if (pending.isEmpty() || System.nanoTime() - oldestAddedAt < maxWaitNanos) return;
            lines = take();
        }
        store(lines);
    }

    /** Whether no line waits: every line added so far has been handed to the spool (stored, or told to {@code unstored}). */
    synchronized boolean empty() {
        return pending.isEmpty();
    }

    private List<String> take() {
        List<String> lines = pending;
        pending = new ArrayList<>();
        return lines;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the next batch would wait for a full one.
            System.err.println("tokenwatch receiver: storing " + source + " lines failed: " + e);
        }
    }

    /** Lines stored in the spool so far. */
    long stored() {
        return stored.get();
    }

    /** Stores outside the lock: an fsync must not hold up the connections adding lines meanwhile. */
    private void store(List<String> lines) {
        try {
            spool.store(source, ".log", lines);
            stored.addAndGet(lines.size());
        } catch (IOException e) {
            unstored.accept(lines, e);
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
        flush();
    }
}
