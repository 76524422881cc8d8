package dev.tokenwatch.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port}: Flink's Prometheus reporter on the local job, so every Flink metric (the job's
 * {@code tokenwatch} counters and gauges, checkpoints, JVM) can be scraped from {@code http://HOST:PORT/}.
 */
final class MetricsOptions {
    static final String ENV = "TOKENWATCH_METRICS_PORT";
    static final String REPORTER = "prom";

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:" + ENV + "}",
            description = "Serve the job's metrics for Prometheus on this port, on every interface (env " + ENV + "; default: off).")
    Integer port;

    boolean enabled() {
        return port != null;
    }

    /**
     * Adds the reporter to the local cluster's configuration, after checking the port is free: the reporter itself only
     * logs a failure to bind and the job would run unobserved.
     */
    Configuration configure(Configuration conf) {
        if (port == null) return conf;
        if (port < 1 || port > 65535) throw new UsageException("--metrics-port " + port + ": not a port (1-65535)");
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new UsageException("--metrics-port " + port + ": cannot listen there (" + e.getMessage() + ")");
        }
        return configure(conf, port);
    }

    static Configuration configure(Configuration conf, int port) {
        String prefix = "metrics.reporter." + REPORTER + ".";
        conf.setString(prefix + "factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString(prefix + "port", Integer.toString(port));
        // Rule ids (tw-token-new-source), destinations and sources (receiver:distribution) as they are, not with '_' for
        // every '-' and ':': the values are escaped by the exposition format, and dashboards filter on the real ids.
        conf.setString(prefix + "filterLabelValueCharacters", "false");
        return conf;
    }
}
