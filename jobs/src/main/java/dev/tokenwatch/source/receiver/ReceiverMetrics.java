package dev.tokenwatch.source.receiver;

import dev.tokenwatch.job.MetricLabels;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The receiver's counters by endpoint, and {@code GET /metrics}: the same counts {@code /healthz} shows, in Prometheus'
 * text format (the exposition classes of the Prometheus client that Flink's reporter brings). Values are read at each
 * scrape; nothing is kept twice.
 */
final class ReceiverMetrics {
    static final String PREFIX = "tokenwatch_receiver_";
    /** The {@code endpoint} label of lines from the TCP syslog listener and from followed log files. */
    static final String SYSLOG = "syslog";
    static final String TAIL = "tail";

    private final Map<String, Counts> byEndpoint = new LinkedHashMap<>();

    ReceiverMetrics() {
        for (String endpoint : MetricLabels.RECEIVER_ENDPOINTS) byEndpoint.put(endpoint, new Counts());
    }

    /** The counts of an HTTP endpoint ({@link MetricLabels#RECEIVER_ENDPOINTS}). */
    Counts endpoint(String endpoint) {
        Counts counts = byEndpoint.get(endpoint);
        if (counts == null) throw new IllegalArgumentException("not a receiver endpoint: " + endpoint);
        return counts;
    }

    static final class Counts {
        final AtomicLong stored = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        /** 401 (no or wrong token) and 413 (body too large). */
        final AtomicLong refused = new AtomicLong();
        /** 503: the spool could not store the lines; the sender retries. */
        final AtomicLong unavailable = new AtomicLong();
    }

    /** The exposition, text format 0.0.4. */
    String scrape(boolean spoolWritable, SyslogListener syslog, List<LogTailer> tailers) {
        CounterMetricFamily stored = counter("lines_stored_total",
                "Lines stored durably in the spool the job reads, by endpoint (syslog: the TCP listener, tail: followed log files).");
        CounterMetricFamily dead = counter("lines_dead_lettered_total",
                "Lines an authenticated sender sent that could not be used, written to the receiver's dead letters, by endpoint.");
        CounterMetricFamily refused = counter("requests_refused_total",
                "Requests answered 401 (missing or wrong bearer token) or 413 (body over the size limit), by endpoint.");
        CounterMetricFamily unavailable = counter("requests_unavailable_total",
                "Requests answered 503 because the spool could not store their lines (the sender retries), by endpoint.");
        byEndpoint.forEach((endpoint, c) -> {
            stored.addMetric(List.of(endpoint), c.stored.get());
            dead.addMetric(List.of(endpoint), c.deadLettered.get());
            refused.addMetric(List.of(endpoint), c.refused.get());
            unavailable.addMetric(List.of(endpoint), c.unavailable.get());
        });
        List<MetricFamilySamples> families = new ArrayList<>(List.of(stored, dead, refused, unavailable));
        families.add(new GaugeMetricFamily(PREFIX + "spool_writable", "1 when the spool directory can be written, else 0 (/healthz answers 503).",
                spoolWritable ? 1 : 0));
        if (syslog != null) {
            stored.addMetric(List.of(SYSLOG), syslog.linesStored());
            dead.addMetric(List.of(SYSLOG), syslog.deadLettered());
            families.add(new CounterMetricFamily(PREFIX + "syslog_connections_total", "TCP syslog connections accepted.", syslog.connections()));
            families.add(new GaugeMetricFamily(PREFIX + "syslog_connections_open", "TCP syslog connections open now.", syslog.connectionsOpen()));
        }
        if (!tailers.isEmpty()) {
            stored.addMetric(List.of(TAIL), sum(tailers, LogTailer::linesStored));
            dead.addMetric(List.of(TAIL), sum(tailers, LogTailer::deadLettered));
            families.add(new GaugeMetricFamily(PREFIX + "tail_files", "Registry log files followed.", tailers.size()));
            families.add(new CounterMetricFamily(PREFIX + "tail_rotations_total", "Followed files replaced by a new file (log rotation).",
                    sum(tailers, LogTailer::rotations)));
            families.add(new CounterMetricFamily(PREFIX + "tail_truncations_total", "Followed files found shorter than the position read.",
                    sum(tailers, LogTailer::truncations)));
        }
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static CounterMetricFamily counter(String name, String help) {
        return new CounterMetricFamily(PREFIX + name, help, List.of("endpoint"));
    }

    private static long sum(List<LogTailer> tailers, ToLongFunction<LogTailer> count) {
        return tailers.stream().mapToLong(count).sum();
    }
}
