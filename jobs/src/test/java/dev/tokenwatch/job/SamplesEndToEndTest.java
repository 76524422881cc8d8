package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.ruletest.InProcessPipeline;
import dev.tokenwatch.testing.TestRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster at parallelism 2 over the shipped samples, with the shipped rules
 * and real GeoIP data: every planted attack (samples/README.md) is found, and nothing else alerts.
 */
class SamplesEndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void plantedAttacksAreFoundAndBenignTrafficStaysQuiet() throws Exception {
        RuleLoader.Result rules = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
        assertThat(rules.problems()).isEmpty();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(
                TokenwatchJob.readFiles(env, List.of(TestRules.repoRoot().resolve("samples").toString()), null),
                rules.enabledRules(), null, GeoSettings.forDirectory(GeoSettings.defaultDirectory()),
                EventTime.DEFAULT);
        List<Alert> versions = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        try (CloseableIterator<Alert> alerts = outputs.alerts().collectAsync();
             CloseableIterator<String> dead = outputs.deadLetters().collectAsync()) {
            env.execute("samples end to end");
            alerts.forEachRemaining(versions::add);
            dead.forEachRemaining(deadLetters::add);
        }
        List<String> found = InProcessPipeline.latestVersions(versions).stream()
                .map(a -> a.ruleId + " " + entity(a)).sorted().toList();

        assertThat(found).containsExactlyInAnyOrder(
                "tw-token-new-source tok-dana-laptop 128.199.81.47 SG",       // A: stolen token used from abroad
                "tw-impossible-travel tok-dana-laptop 91.40.112.9 DE",        // A: ... and by dana at home hours later
                "tw-push-new-actor acme/payments-api dana",                   // A: ... and pushed with
                "tw-push-read-only-token acme/web ci-bot",                    // B: push with a read-only token
                "tw-push-new-actor acme/web ci-bot",                          // B: a token that never pushed there
                "tw-revoked-token-used tok-old-deploy deploy-bot",            // C1: revoked in the stream, then used
                "tw-revoked-token-used tok-leaked-2019 buildbot-legacy",      // C2: on the revoked list
                "tw-push-new-actor acme/billing mallory",                     // D: unknown account, new network
                "tw-repo-made-public acme/billing mlee",                      // E: Docker Hub repository made public
                "tw-push-new-actor payments/api robot$payments+old");         // F: another Harbor robot pushes
        assertThat(deadLetters).isEmpty();
    }

    private static String entity(Alert a) {
        return switch (a.ruleId) {
            case "tw-token-new-source", "tw-impossible-travel" -> a.event.tokenId + " " + a.event.sourceIp + " " + a.event.countryIsoCode;
            case "tw-revoked-token-used" -> a.event.tokenId + " " + a.event.userName;
            default -> a.event.repositoryName + " " + a.event.userName;
        };
    }
}
