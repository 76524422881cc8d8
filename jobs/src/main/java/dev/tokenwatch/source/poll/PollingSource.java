package dev.tokenwatch.source.poll;

import dev.tokenwatch.parse.RawRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The pollers as one unbounded Flink source of raw records, each poller a split whose cursor is checkpointed. A
 * poller with no checkpoint starts at {@code since}.
 */
public final class PollingSource implements Source<RawRecord, PollSplit, PollSplitSerializer.EnumeratorState> {
    private final List<Poller> pollers;
    private final Duration interval;
    private final Instant since;
    private final PollClient.Settings http;

    public PollingSource(List<Poller> pollers, Duration interval, Instant since, PollClient.Settings http) {
        this.pollers = List.copyOf(pollers);
        this.interval = interval;
        this.since = since;
        this.http = http;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<PollSplit, PollSplitSerializer.EnumeratorState> createEnumerator(SplitEnumeratorContext<PollSplit> context) {
        return restoreEnumerator(context, new PollSplitSerializer.EnumeratorState(List.of(), List.of()));
    }

    @Override
    public SplitEnumerator<PollSplit, PollSplitSerializer.EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PollSplit> context, PollSplitSerializer.EnumeratorState state) {
        return new PollEnumerator(context, state, pollers.stream()
                .map(p -> new PollSplit(p.name(), p.startCursor(since).toString())).toList());
    }

    @Override
    public SimpleVersionedSerializer<PollSplit> getSplitSerializer() {
        return PollSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PollSplitSerializer.EnumeratorState> getEnumeratorCheckpointSerializer() {
        return PollSplitSerializer.ENUMERATOR;
    }

    @Override
    public SourceReader<RawRecord, PollSplit> createReader(SourceReaderContext context) {
        PollMetrics metrics = new PollMetrics(context.metricGroup());
        Map<String, Poller> byName = new LinkedHashMap<>();
        for (Poller p : pollers) byName.put(p.name(), p);
        PollClient client = new PollClient(http, metrics, Clock.systemUTC());
        return new PollSourceReader(() -> new PollSplitReader(byName, interval, client, Clock.systemUTC(), metrics), context);
    }
}
