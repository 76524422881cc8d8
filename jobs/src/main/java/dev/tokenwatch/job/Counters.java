package dev.tokenwatch.job;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * A pipeline count kept twice: as a Flink metric (reporters, the web UI) and as an accumulator,
 * which the CLI can poll on a running local job for its progress line and final summary.
 */
final class Counters {
    private final Counter metric;
    private final LongCounter accumulator;

    private Counters(Counter metric, LongCounter accumulator) {
        this.metric = metric;
        this.accumulator = accumulator;
    }

    static Counters register(RuntimeContext context, String name) {
        Counter metric = context.getMetricGroup().addGroup(PipelineMetrics.GROUP).counter(name);
        LongCounter accumulator = context.getLongCounter(name);
        return new Counters(metric, accumulator);
    }

    void add(long n) {
        metric.inc(n);
        accumulator.add(n);
    }

    void inc() {
        add(1);
    }
}
