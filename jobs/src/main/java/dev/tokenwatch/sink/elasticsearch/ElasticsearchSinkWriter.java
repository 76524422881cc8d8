package dev.tokenwatch.sink.elasticsearch;

import dev.tokenwatch.job.PipelineMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Flink side of {@link ElasticsearchSink}: sends batches, sorts the answers with {@link BulkResult}. */
final class ElasticsearchSinkWriter<T> extends AsyncSinkWriter<T, EsAction> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private final RestClient rest;
    private final ScheduledExecutorService retries;
    private final EsDeadLetters deadLetters;
    private final RetryPolicy policy;
    private final String kind;
    /** Failed attempts in a row; the backoff grows with it and a clean answer resets it. */
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final Counter sent;
    private final Counter retried;
    private final Counter failedRequests;
    private final Counter deadLettered;
    /** Event time of the newest document Elasticsearch acknowledged (epoch ms), for the lag gauge; MIN_VALUE before one. */
    private final AtomicLong newestIndexed = new AtomicLong(Long.MIN_VALUE);

    ElasticsearchSinkWriter(ElementConverter<T, EsAction> converter, WriterInitContext context,
                            AsyncSinkWriterConfiguration configuration, Collection<BufferedRequestState<EsAction>> state,
                            EsSettings settings, EsDeadLetters deadLetters, RetryPolicy policy, String kind) {
        super(converter, context, configuration, state);
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.kind = kind;
        this.rest = EsClients.restClient(settings);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "elasticsearch-" + kind + "-retries");
            t.setDaemon(true);
            return t;
        });
        MetricGroup group = context.metricGroup().addGroup(PipelineMetrics.GROUP).addGroup("elasticsearch", kind);
        sent = group.counter("es_documents_sent");
        retried = group.counter("es_documents_retried");
        failedRequests = group.counter("es_requests_failed");
        deadLettered = group.counter("es_documents_dead_lettered");
        group.gauge(PipelineMetrics.ES_INDEXING_LAG_SECONDS, (Gauge<Double>) () -> lagSeconds(System.currentTimeMillis(), newestIndexed.get()));
    }

    @Override
    protected void submitRequestEntries(List<EsAction> entries, ResultHandler<EsAction> handler) {
        List<EsAction> batch = newestVersions(entries);
        long superseded = entries.size() - batch.size();
        StringBuilder body = new StringBuilder();
        for (EsAction a : batch) body.append(a.bulkLines());
        Request request = new Request("POST", "/_bulk");
        request.setEntity(new NStringEntity(body.toString(), NDJSON));
        rest.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                BulkResult result;
                try {
                    result = BulkResult.of(batch, EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8), policy);
                } catch (IOException | RuntimeException e) {
                    retryLater(batch, handler, "unreadable bulk response: " + e);
                    return;
                }
                sent.inc(result.done.size() + superseded);
                for (EsAction a : result.done) {
                    if (a.eventTime != 0) newestIndexed.accumulateAndGet(a.eventTime, Math::max);
                }
                for (BulkResult.Failure f : result.deadLetters) {
                    deadLetters.write(f);
                    deadLettered.inc();
                }
                if (!result.fatal.isEmpty()) {
                    BulkResult.Failure f = result.fatal.get(0);
                    handler.completeExceptionally(new IOException("Elasticsearch refused to write " + kind + " ("
                            + f.status() + "): " + f.reason()));
                } else if (result.retry.isEmpty()) {
                    failuresInARow.set(0);
                    handler.complete();
                } else {
                    retried.inc(result.retry.size());
                    retryLater(result.retry, handler, result.retry.size() + " of " + batch.size() + " documents rejected, e.g. "
                            + result.retry.get(0));
                }
            }

            @Override
            public void onFailure(Exception e) {
                failedRequests.inc();
                if (e instanceof ResponseException re
                        && policy.forRequest(re.getResponse().getStatusLine().getStatusCode()) == RetryPolicy.Decision.FATAL) {
                    handler.completeExceptionally(new IOException("Elasticsearch refused the bulk request for " + kind
                            + ": " + re.getResponse().getStatusLine(), e));
                    return;
                }
                retried.inc(batch.size());
                retryLater(batch, handler, e.toString());
            }
        });
    }

    /** Wall clock minus the newest indexed event time, in seconds; NaN before the first acknowledged document. */
    static double lagSeconds(long now, long newestEventTime) {
        return newestEventTime == Long.MIN_VALUE ? Double.NaN : (now - newestEventTime) / 1000.0;
    }

    private void retryLater(List<EsAction> actions, ResultHandler<EsAction> handler, String why) {
        // Closing (the task failed or was cancelled) aborts the requests in flight. They are not retried:
        // their documents come again from the last checkpoint and the source. Scheduling on the stopped
        // executor would throw in the HTTP client's I/O thread.
        if (retries.isShutdown()) return;
        int attempt = failuresInARow.incrementAndGet();
        long wait = policy.backoffMillis(attempt);
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.warn("Elasticsearch {}: {}; retrying {} documents in {} ms (attempt {})", kind, why, actions.size(), wait, attempt);
        }
        List<EsAction> copy = new ArrayList<>(actions);
        try {
            retries.schedule(() -> handler.retryForEntries(copy), wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() began after the check above: as there, nothing to retry.
        }
    }

    /** Within one batch only the newest version of a document matters: older ones would only be overwritten. */
    static List<EsAction> newestVersions(List<EsAction> entries) {
        Map<String, EsAction> newest = new LinkedHashMap<>();
        for (EsAction a : entries) {
            newest.merge(a.index + "\u0000" + a.id, a, (old, now) -> now.version >= old.version ? now : old);
        }
        return newest.size() == entries.size() ? entries : new ArrayList<>(newest.values());
    }

    @Override
    protected long getSizeInBytes(EsAction entry) {
        return entry.sizeInBytes();
    }

    @Override
    public void close() {
        super.close();
        retries.shutdownNow();
        try {
            rest.close();
        } catch (IOException e) {
            LOG.warn("closing the Elasticsearch client: {}", e.toString());
        }
    }
}
