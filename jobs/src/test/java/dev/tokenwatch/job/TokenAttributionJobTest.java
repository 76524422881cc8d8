package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.LineSink;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token attribution in the real job: registry notifications name only the user, a token server's grant names the
 * credential, and a revoked credential used through the registry is caught once the two are joined.
 */
class TokenAttributionJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dir;

    private static String grant(String jti, Instant issued, int lifetimeSeconds, String ip, String credential) {
        return "{\"iss\":\"token-service\",\"sub\":\"alice\",\"aud\":\"registry.example\",\"iat\":" + issued.getEpochSecond()
                + ",\"exp\":" + (issued.getEpochSecond() + lifetimeSeconds) + ",\"jti\":\"" + jti + "\","
                + "\"access\":[{\"type\":\"repository\",\"name\":\"acme/api\",\"actions\":[\"pull\"]}],"
                + "\"client_ip\":\"" + ip + "\",\"credential\":{\"kind\":\"personal\",\"id\":\"" + credential + "\"}}";
    }

    private static String pull(String id, Instant at, String addr) {
        return "{\"events\":[{\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"action\":\"pull\","
                + "\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"repository\":\"acme/api\",\"tag\":\"1.0\","
                + "\"digest\":\"sha256:" + "c".repeat(64) + "\"},\"request\":{\"addr\":\"" + addr + "\",\"method\":\"GET\"},"
                + "\"actor\":{\"name\":\"alice\"}}]}";
    }

    @Test
    void aRegistryPullWithinAGrantCarriesItsCredentialAndARevokedOneAlerts() throws Exception {
        Path input = Files.write(dir.resolve("input.jsonl"), List.of(
                grant("jti-1", T0, 600, "203.0.113.7", "tok-alice-laptop"),
                "{\"@timestamp\":\"" + T0.plusSeconds(60) + "\",\"event\":{\"id\":\"revoke-1\",\"action\":\"token.revoked\"},"
                        + "\"user\":{\"name\":\"alice\"},\"token\":{\"id\":\"tok-alice-laptop\"}}",
                pull("inside", T0.plusSeconds(120), "203.0.113.7:41000"),
                pull("other-address", T0.plusSeconds(130), "198.51.100.9:41000"),
                pull("after-expiry", T0.plusSeconds(900), "203.0.113.7:41000")));
        Path alerts = dir.resolve("alerts.jsonl");
        Path events = dir.resolve("events.jsonl");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(TokenwatchJob.readFiles(env, List.of(input.toString()), null),
                TestRules.load(TestRules.REVOKED), null, null, EventTime.WHOLE_INPUT);
        outputs.alerts().map(AlertJson::toJson).sinkTo(LineSink.toFile(alerts)).setParallelism(1);
        outputs.events().map(EventJson::toJson).sinkTo(LineSink.toFile(events)).setParallelism(1);
        env.execute("token attribution");

        Map<String, JsonNode> byId = Files.readAllLines(events).stream().map(TokenAttributionJobTest::json)
                .collect(Collectors.toMap(e -> e.path("event").path("id").asText(), e -> e));
        JsonNode inside = byId.get("inside");
        assertThat(inside.path("token").path("id").asText()).isEqualTo("tok-alice-laptop");
        assertThat(inside.path("token").path("kind").asText()).isEqualTo("personal");
        assertThat(inside.path("token").path("attribution").asText()).isEqualTo("grant");
        assertThat(inside.path("entity").path("type").asText()).as("the event now stands for the token").isEqualTo("token");
        for (String id : List.of("other-address", "after-expiry")) {
            assertThat(byId.get(id).path("token").path("id").isMissingNode()).as(id).isTrue();
            assertThat(byId.get(id).path("token").path("attribution").asText()).as(id).isEqualTo("none");
        }
        assertThat(byId.get("tokenserver.grant:jti-1").path("event").path("action").asText()).isEqualTo("token.granted");

        List<JsonNode> raised = Files.readAllLines(alerts).stream().map(TokenAttributionJobTest::json).toList();
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.path("rule").path("id").asText()).isEqualTo("test-revoked");
            assertThat(a.path("event").path("ids").get(0).asText()).isEqualTo("inside");
        });
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
