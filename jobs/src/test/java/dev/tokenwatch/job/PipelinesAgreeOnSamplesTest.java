package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.backtest.EventFiles;
import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.ruletest.InProcessPipeline;
import dev.tokenwatch.testing.SamplesJob;
import dev.tokenwatch.testing.TestRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two drivers of the detection stages agree: the in-process pipeline ({@code rules test},
 * {@code backtest}) is the reference, and the Flink job as {@code replay} runs it (bounded, event
 * time over the whole input, parallelism 2) must end with the same alerts — the same ids, each with
 * the same count, reached through as many versions — over the shipped samples (all four formats) and
 * the shipped rules.
 */
class PipelinesAgreeOnSamplesTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void theJobAndTheInProcessPipelineEndWithTheSameAlerts() throws Exception {
        RuleLoader.Result rules = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
        assertThat(rules.problems()).isEmpty();
        EventFiles.Input samples = EventFiles.read(List.of(TestRules.repoRoot().resolve("samples")));
        assertThat(samples.files()).hasSize(4);
        assertThat(samples.deadLetters()).isZero();
        List<Alert> inProcess;
        try (GeoEnricher geo = new GeoEnricher(GeoSettings.forDirectory(GeoSettings.defaultDirectory()))) {
            inProcess = new InProcessPipeline(rules.enabledRules(), new EventEnricher(geo)).run(samples.events());
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = SamplesJob.build(env);
        List<Alert> job = new ArrayList<>();
        try (CloseableIterator<Alert> alerts = outputs.alerts().collectAsync()) {
            env.execute("pipelines agree");
            alerts.forEachRemaining(job::add);
        }

        Map<String, String> expected = byId(inProcess);
        assertThat(expected).isNotEmpty();
        assertThat(byId(job)).isEqualTo(expected);
    }

    /**
     * Alert id to its rule, the count of its last version (what a store that upserts by id ends up
     * holding) and how many versions were emitted on the way.
     */
    private static Map<String, String> byId(List<Alert> versions) {
        Map<String, Integer> emitted = new TreeMap<>();
        versions.forEach(a -> emitted.merge(a.id, 1, Integer::sum));
        Map<String, String> out = new TreeMap<>();
        for (Alert a : InProcessPipeline.latestVersions(versions)) {
            out.put(a.id, a.ruleId + " count " + a.count + " versions " + emitted.get(a.id));
        }
        return out;
    }
}
