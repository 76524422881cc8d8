package dev.tokenwatch.sink.elasticsearch;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink writing to Elasticsearch through {@code _bulk}, on Flink's async sink base: batches
 * close at {@link Limits#maxBatchSize} documents or {@link Limits#maxBatchBytes} bytes or after
 * {@link Limits#maxTimeInBufferMs}; at a checkpoint in-flight requests complete and the rest of the
 * buffer is kept in the checkpoint; a full buffer blocks the writer (backpressure). Delivery is
 * at-least-once; deterministic index and {@code _id} make a repeat replace itself.
 */
public final class ElasticsearchSink<T> extends AsyncSinkBase<T, EsAction> {
    private static final long serialVersionUID = 1L;

    /** Batching and buffering limits. */
    public record Limits(int maxBatchSize, int maxInFlightRequests, int maxBufferedRequests, long maxBatchBytes,
                         long maxTimeInBufferMs, long maxRecordBytes) implements java.io.Serializable {
        public static Limits events() {
            return new Limits(1000, 2, 10_000, 5L << 20, 200, 4L << 20);
        }

        /** One request in flight: versions of one alert reach Elasticsearch in the order they were made. */
        public static Limits alerts() {
            return new Limits(500, 1, 5_000, 5L << 20, 200, 4L << 20);
        }
    }

    private final EsSettings settings;
    private final EsDeadLetters deadLetters;
    private final RetryPolicy retryPolicy;
    private final String kind;

    private ElasticsearchSink(ElementConverter<T, EsAction> converter, Limits limits, EsSettings settings,
                              EsDeadLetters deadLetters, RetryPolicy retryPolicy, String kind) {
        super(converter, limits.maxBatchSize(), limits.maxInFlightRequests(), limits.maxBufferedRequests(),
                limits.maxBatchBytes(), limits.maxTimeInBufferMs(), limits.maxRecordBytes(), 10 * 60_000L, false);
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.retryPolicy = retryPolicy;
        this.kind = kind;
    }

    /** Alerts, upserted by {@code alert.id} without touching the analysts' workflow fields. */
    public static ElasticsearchSink<Alert> alerts(EsSettings settings, Path deadLetterFile) {
        IndexNames names = settings.indices();
        return new ElasticsearchSink<>((alert, ctx) -> EsDocuments.alert(alert, names), Limits.alerts(), settings,
                new EsDeadLetters(deadLetterFile), RetryPolicy.defaults(), "alerts");
    }

    /** The token inventory: a token's record (state JSON) indexed by {@code token.id}, one request in flight as for alerts. */
    public static ElasticsearchSink<String> tokens(EsSettings settings, Path deadLetterFile) {
        IndexNames names = settings.indices();
        return new ElasticsearchSink<>((state, ctx) -> EsDocuments.token(state, names), Limits.alerts(), settings,
                new EsDeadLetters(deadLetterFile), RetryPolicy.defaults(), "tokens");
    }

    /** Enriched events, indexed by {@code event.id}. */
    public static ElasticsearchSink<Event> events(EsSettings settings, Path deadLetterFile) {
        return events(settings, deadLetterFile, Limits.events(), RetryPolicy.defaults());
    }

    public static ElasticsearchSink<Event> events(EsSettings settings, Path deadLetterFile, Limits limits, RetryPolicy retry) {
        IndexNames names = settings.indices();
        return new ElasticsearchSink<>((event, ctx) -> EsDocuments.event(event, names), limits, settings,
                new EsDeadLetters(deadLetterFile), retry, "events");
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<EsAction>> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<EsAction>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<EsAction>> recoveredState) throws IOException {
        return new ElasticsearchSinkWriter<>(getElementConverter(), context, writerConfiguration(), recoveredState,
                settings, deadLetters, retryPolicy, kind);
    }

    private org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration writerConfiguration() {
        return org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<EsAction>> getWriterStateSerializer() {
        return new EsActionStateSerializer();
    }
}
