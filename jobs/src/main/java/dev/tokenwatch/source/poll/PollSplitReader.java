package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pollers on the fetcher thread, each once per interval. It keeps its own copy of each cursor, moved by what
 * it fetched; the checkpointed cursor moves only as records are emitted ({@link PollSourceReader}). A failed poll is
 * logged and counted and tried again next interval: an API being down never fails the job.
 */
final class PollSplitReader implements SplitReader<Polled, PollSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(PollSplitReader.class);

    private final Map<String, Poller> pollers;
    private final Duration interval;
    private final PollClient client;
    private final Clock clock;
    private final PollMetrics metrics;
    private final Map<String, ObjectNode> cursors = new LinkedHashMap<>();
    private final Map<String, Instant> due = new LinkedHashMap<>();
    private final Object sleep = new Object();
    private boolean woken;

    PollSplitReader(Map<String, Poller> pollers, Duration interval, PollClient client, Clock clock, PollMetrics metrics) {
        this.pollers = pollers;
        this.interval = interval;
        this.client = client;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<Polled> fetch() throws IOException {
        RecordsBySplits.Builder<Polled> records = new RecordsBySplits.Builder<>();
        String next = due.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        if (next == null || due.get(next).isAfter(clock.instant())) {
            waitUntil(next == null ? clock.instant().plus(interval) : due.get(next));
            return records.build();
        }
        Poller poller = pollers.get(next);
        if (poller == null) {
            // In the checkpoint but no longer on the command line: its cursor is dropped with it.
            LOG.warn("Poller {} is in the checkpoint but not configured any more; it stops", next);
            cursors.remove(next);
            due.remove(next);
            records.addFinishedSplit(next);
            return records.build();
        }
        Instant now = clock.instant();
        due.put(next, now.plus(interval));
        try {
            List<Polled> polled = poller.poll(cursors.get(next), client, now);
            for (Polled p : polled) p.step().apply(cursors.get(next));
            records.addAll(next, polled);
            metrics.records(polled.stream().filter(p -> p.text() != null).count());
        } catch (IOException | RuntimeException e) {
            metrics.failed();
            LOG.warn("Poll of {} failed, trying again in {} s: {}", next, interval.toSeconds(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return records.build();
    }

    private void waitUntil(Instant until) {
        synchronized (sleep) {
            long millis = Duration.between(clock.instant(), until).toMillis();
            if (!woken && millis > 0) {
                try {
                    sleep.wait(Math.min(millis, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            woken = false;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<PollSplit> change) {
        if (!(change instanceof SplitsAddition<PollSplit> addition)) return;
        for (PollSplit split : addition.splits()) {
            try {
                cursors.put(split.poller(), (ObjectNode) Json.MAPPER.readTree(split.cursor()));
            } catch (IOException e) {
                throw new IllegalStateException("poller " + split.poller() + ": unreadable cursor in the checkpoint", e);
            }
            due.put(split.poller(), clock.instant());
        }
    }

    @Override
    public void wakeUp() {
        synchronized (sleep) {
            woken = true;
            sleep.notifyAll();
        }
    }

    @Override
    public void close() {}
}
