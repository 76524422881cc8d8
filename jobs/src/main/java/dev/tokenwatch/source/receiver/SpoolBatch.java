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
 */
final class SpoolBatch implements AutoCloseable {
    private final SpoolWriter spool;
    private final String source;
    private final int maxLines;
    private final BiConsumer<List<String>, IOException> unstored;
    private final ScheduledExecutorService timer;
    private final AtomicLong stored = new AtomicLong();
    private List<String> pending = new ArrayList<>();

    /**
     * @param unstored told of lines the spool refused, with the reason, so they become dead letters rather than vanish
     */
    SpoolBatch(SpoolWriter spool, String source, int maxLines, long maxWaitMillis, BiConsumer<List<String>, IOException> unstored) {
        this.spool = spool;
        this.source = source;
        this.maxLines = maxLines;
        this.unstored = unstored;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tokenwatch-syslog-flush");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::flushQuietly, maxWaitMillis, maxWaitMillis, TimeUnit.MILLISECONDS);
    }

    void add(String line) {
        List<String> full = null;
        synchronized (this) {
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
            System.err.println("tokenwatch receiver: storing syslog lines failed: " + e);
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
        timer.shutdownNow();
        flush();
    }
}
