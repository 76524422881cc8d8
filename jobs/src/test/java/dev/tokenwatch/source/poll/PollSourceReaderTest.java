package dev.tokenwatch.source.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.chat.SecretValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The polling source's reader as Flink drives it (fetcher thread, splits, snapshots), against the fake APIs: the
 * job crashes after taking part of a page and restores from the reader's snapshot.
 */
class PollSourceReaderTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @Test
    void aRestoreFromASnapshotTakenMidPageGivesEveryEntryExactlyOnce() throws Exception {
        try (FakeAuditApis apis = new FakeAuditApis()) {
            for (int i = 0; i < 250; i++) apis.hubEntries.add(FakeAuditApis.hubEntry(T0.plusSeconds(i / 2), "acme/app" + i, "v" + i));
            apis.tooManyRequests.put("page=2&", new AtomicInteger(1));
            DockerHubAuditPoller poller = new DockerHubAuditPoller("acme", new DockerHubSession(apis.base(),
                    new SecretValue(FakeAuditApis.HUB_USER), new SecretValue(FakeAuditApis.HUB_TOKEN)));
            PollingSource source = new PollingSource(List.of(poller), Duration.ofMillis(200), T0,
                    new PollClient.Settings(Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(5)));
            PollSplit fresh = new PollSplit(poller.name(), poller.startCursor(T0).toString());
            // The source travels in the job graph: Java serialization must take it (credentials only as references).
            source = org.apache.flink.util.InstantiationUtil.clone(source);

            Collected first = new Collected();
            List<PollSplit> snapshot;
            SourceReader<RawRecord, PollSplit> reader = source.createReader(new Context());
            try {
                reader.start();
                reader.addSplits(List.of(fresh));
                first.drain(reader, 120);
                snapshot = reader.snapshotState(1);
                // Records emitted after the snapshot are lost with the crash: the restore must give them again.
                first.drain(reader, 20);
            } finally {
                reader.close();
            }
            assertEquals(1, snapshot.size());

            Collected second = new Collected();
            SourceReader<RawRecord, PollSplit> restored = source.createReader(new Context());
            try {
                restored.start();
                restored.addSplits(snapshot);
                second.drain(restored, 130);
                // Further polls (every 200 ms) find nothing new.
                Thread.sleep(600);
                second.drainAvailable(restored);
            } finally {
                restored.close();
            }

            List<String> taken = new ArrayList<>(first.repositories().subList(0, 120));
            taken.addAll(second.repositories());
            assertEquals(250, taken.size(), "each entry once: " + second.repositories().size() + " after the restore");
            assertEquals(250, new HashSet<>(taken).size());
            assertEquals(first.repositories().subList(120, 140), second.repositories().subList(0, 20),
                    "the restore starts with what was emitted after the snapshot");
            assertTrue(first.records.get(0).origin().equals("poll:dockerhub-audit:acme"), first.records.get(0).origin());
        }
    }

    /** Records a reader emitted. */
    private static final class Collected implements ReaderOutput<RawRecord> {
        final List<RawRecord> records = new ArrayList<>();

        void drain(SourceReader<RawRecord, PollSplit> reader, int count) throws Exception {
            int target = records.size() + count;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (records.size() < target) {
                if (System.nanoTime() > deadline) throw new AssertionError("only " + records.size() + " of " + target + " records came");
                if (reader.pollNext(this) == InputStatus.NOTHING_AVAILABLE) {
                    try {
                        reader.isAvailable().get(1, TimeUnit.SECONDS);
                    } catch (TimeoutException stillFetching) {
                        // the fetcher is waiting out the 429; the deadline above bounds the wait
                    }
                }
            }
        }

        void drainAvailable(SourceReader<RawRecord, PollSplit> reader) throws Exception {
            while (reader.pollNext(this) == InputStatus.MORE_AVAILABLE) { }
        }

        List<String> repositories() {
            return records.stream().map(r -> {
                try {
                    return Json.MAPPER.readTree(r.text()).path("name").asText();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }

        @Override public void collect(RawRecord record) { records.add(record); }
        @Override public void collect(RawRecord record, long timestamp) { records.add(record); }
        @Override public void emitWatermark(Watermark watermark) { }
        @Override public void markIdle() { }
        @Override public void markActive() { }
        @Override public SourceOutput<RawRecord> createOutputForSplit(String splitId) { return this; }
        @Override public void releaseOutputForSplit(String splitId) { }
    }

    private static final class Context implements SourceReaderContext {
        @Override public SourceReaderMetricGroup metricGroup() { return UnregisteredMetricsGroup.createSourceReaderMetricGroup(); }
        @Override public Configuration getConfiguration() { return new Configuration(); }
        @Override public String getLocalHostName() { return "localhost"; }
        @Override public int getIndexOfSubtask() { return 0; }
        @Override public void sendSplitRequest() { }
        @Override public void sendSourceEventToCoordinator(SourceEvent event) { }
        @Override public UserCodeClassLoader getUserCodeClassLoader() {
            return new UserCodeClassLoader() {
                @Override public ClassLoader asClassLoader() { return getClass().getClassLoader(); }
                @Override public void registerReleaseHookIfAbsent(String name, Runnable hook) { }
            };
        }
    }
}
