package dev.tokenwatch.source.poll;

import dev.tokenwatch.job.PipelineMetrics;
import java.io.Serializable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The pollers' counters, under the pipeline's metric group. */
final class PollMetrics implements PollStats {
    private final Counter requests;
    private final Counter rateLimited;
    private final Counter retries;
    private final Counter failures;
    private final Counter records;

    PollMetrics(MetricGroup group) {
        MetricGroup tokenwatch = group.addGroup(PipelineMetrics.GROUP);
        requests = tokenwatch.counter(PipelineMetrics.POLL_REQUESTS);
        rateLimited = tokenwatch.counter(PipelineMetrics.POLL_RATE_LIMITED);
        retries = tokenwatch.counter(PipelineMetrics.POLL_RETRIES);
        failures = tokenwatch.counter(PipelineMetrics.POLL_FAILURES);
        records = tokenwatch.counter(PipelineMetrics.POLL_RECORDS);
    }

    @Override
    public void requested() {
        requests.inc();
    }

    @Override
    public void rateLimited(long waitMillis) {
        rateLimited.inc();
    }

    @Override
    public void retried(String reason) {
        retries.inc();
    }

    void failed() {
        failures.inc();
    }

    void records(long n) {
        records.inc(n);
    }
}
