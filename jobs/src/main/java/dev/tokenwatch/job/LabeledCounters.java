package dev.tokenwatch.job;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One count broken down by a label: a Flink counter per value in the key-value group {@code tokenwatch.KEY.VALUE}, which
 * the Prometheus reporter exports as {@code flink_taskmanager_job_task_operator_tokenwatch_KEY_NAME{KEY="VALUE"}}.
 * Metrics only, no accumulator: the unlabelled total stays a {@link Counters} for the CLI. Values beyond
 * {@link #MAX_VALUES} are counted under {@code other}, so a label can never grow without bound.
 */
final class LabeledCounters {
    static final int MAX_VALUES = 200;

    private final MetricGroup group;
    private final String key;
    private final String name;
    private final Map<String, Counter> byValue = new HashMap<>();

    private LabeledCounters(MetricGroup group, String key, String name) {
        this.group = group;
        this.key = key;
        this.name = name;
    }

    /** @param upFront values registered at once, so their series exist at 0 before the first count */
    static LabeledCounters register(RuntimeContext context, String key, String name, Collection<String> upFront) {
        LabeledCounters counters = new LabeledCounters(context.getMetricGroup().addGroup(PipelineMetrics.GROUP), key, name);
        upFront.forEach(counters::counter);
        return counters;
    }

    void inc(String value) {
        add(value, 1);
    }

    void add(String value, long n) {
        counter(value).inc(n);
    }

    private Counter counter(String value) {
        String v = value == null ? "other" : value;
        Counter c = byValue.get(v);
        if (c != null) return c;
        if (byValue.size() >= MAX_VALUES && !"other".equals(v)) return counter("other");
        c = group.addGroup(key, v).counter(name);
        byValue.put(v, c);
        return c;
    }
}
