package dev.tokenwatch.microbench;

import dev.tokenwatch.alert.AlertFactory;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.rule.Rule;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The deterministic alert id ({@link AlertFactory#alertId}: SHA-256 of rule id, suppression key and first event id,
 * hex, cut to 32 characters), on detections of {@code tw-token-new-source} made from the sample events, so the keys
 * and ids have their real lengths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AlertIdBenchmark {

    private Cycle<Detection> detections;

    @Setup
    public void detect() {
        Rule rule = MicrobenchData.shippedRule("tw-token-new-source");
        detections = new Cycle<>(MicrobenchData.nativeEvents().stream().map(e -> new Detection(rule, e, "new network")).toList());
    }

    @Benchmark
    public String alertId() {
        Detection detection = detections.next();
        return AlertFactory.alertId(detection.ruleId, detection.suppressionKey, detection.event.id);
    }
}
