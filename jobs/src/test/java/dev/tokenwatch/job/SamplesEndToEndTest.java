package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.SampleAlerts;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.ruletest.InProcessPipeline;
import dev.tokenwatch.testing.SamplesJob;
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = SamplesJob.build(env);
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
                "tw-impossible-travel tok-dana-laptop 128.199.81.47 SG",      // A: ... hours after dana used it at home
                "tw-push-new-actor acme/payments-api dana",                   // A: ... and pushed with
                "tw-push-read-only-token acme/web ci-bot",                    // B: push with a read-only token
                "tw-revoked-token-used tok-old-deploy deploy-bot",            // C1: revoked in the stream, then used
                "tw-revoked-token-used tok-leaked-2019 buildbot-legacy",      // C2: on the revoked list
                "tw-push-new-actor acme/billing mallory",                     // D: unknown account, new network
                "tw-repo-made-public acme/billing mlee",                      // E: Docker Hub repository made public
                "tw-push-new-actor payments/api robot$payments+old",          // F: another Harbor robot pushes
                "tw-mass-push-many-repositories ci-bot 3.130.164.202",        // G: compromised runner pushes 9 repositories
                "tw-mass-pull-many-repositories rgomez 77.165.239.47",        // H: departing engineer copies 16 repositories
                "tw-login-failure-burst alice 185.220.101.34",                // I: password guessed from a Tor exit
                "tw-login-failures-then-success alice 185.220.101.34",        // I: ... until a login succeeds
                "tw-token-new-source alice 185.220.101.34 DE",                // I: ... from a network alice (no token: the user) never used
                "tw-token-created-broader-scopes tok-alice-backup alice",     // J: first repo:admin token, minted with I's session
                "tw-token-created-then-used-abroad tok-alice-backup 51.15.40.12 NL", // J: ... used from another country minutes later
                "tw-impossible-travel tok-alice-backup 51.15.40.12 NL",       // J: ... too far from where it was created for the time
                "tw-too-many-auto-tokens kbauer 95.216.3.77",                 // K: six Docker Desktop auto tokens in an hour
                "tw-token-new-source tok-auto-3a7fe274 95.216.3.77 FI",       // K: ... from a country kbauer never used
                "tw-token-used-after-owner-removed tok-rgomez-laptop rgomez", // L: removed from the organization, token still pulls
                "tw-tag-overwrite-protected-repository acme/payments-api:2.2.5 jdoe", // M: release tag re-pointed
                "tw-organization-protection-weakened acme admin1");          // N: SSO enforcement disabled
        assertThat(deadLetters).isEmpty();
        assertThat(found).as("the count the indexing tests expect").hasSize(SampleAlerts.COUNT);
    }

    private static String entity(Alert a) {
        return switch (a.ruleId) {
            case "tw-token-new-source", "tw-impossible-travel", "tw-token-created-then-used-abroad" -> a.event.entityId + " " + a.event.sourceIp + " " + a.event.countryIsoCode;
            case "tw-revoked-token-used", "tw-token-used-after-owner-removed", "tw-token-created-broader-scopes" -> a.event.tokenId + " " + a.event.userName;
            // Counted per account: the account and the address, not the event that crossed the threshold.
            case "tw-mass-push-many-repositories", "tw-mass-pull-many-repositories", "tw-login-failure-burst",
                    "tw-login-failures-then-success", "tw-too-many-auto-tokens" -> a.event.userName + " " + a.event.sourceIp;
            case "tw-tag-overwrite-protected-repository" -> a.event.repositoryName + ":" + a.event.imageTag + " " + a.event.userName;
            case "tw-organization-protection-weakened" -> a.event.organizationName + " " + a.event.userName;
            default -> a.event.repositoryName + " " + a.event.userName;
        };
    }
}
