package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.source.poll.FakeAuditApis;
import dev.tokenwatch.source.poll.Pollers;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.ElasticsearchTestServer;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tokenwatch run --poll dockerhub-tokens:jdoe --es-url ...} as its own JVM against the local Docker Hub API and a
 * real Elasticsearch, with no other input: the two tokens jdoe's access-token list holds, which no event ever named,
 * reach the job's token inventory index, and {@code tokens list} and {@code tokens show} over the index show them.
 */
class PolledTokensInventoryIT {
    /** Its own indices, so the shared test server's default ones stay as the other tests fill them. */
    private static final String PREFIX = "tokenwatch-polled-it";
    private static final String MANUAL = "b30bbf97-506c-4ecc-aa8d-9e2c5c3e4a11";
    private static final String AUTO = "6d1a0e3c-9f44-4b3a-8f61-0a2b3c4d5e6f";

    @TempDir
    Path dir;

    @Test
    void tokensOnlyTheDockerHubTokenListNamesReachTheInventoryIndex() throws Exception {
        String es = ElasticsearchTestServer.get().url();
        Path data = dir.resolve("data");
        try (FakeAuditApis apis = new FakeAuditApis()) {
            // The documented example page: a manual token used on 2026-11-20, an auto (Docker Desktop) one never used.
            JsonNode example = Json.MAPPER.readTree(Files.readString(TestRules.repoRoot().resolveSibling("shared/formats/dockerhub-access-tokens.json")));
            example.get("results").forEach(t -> apis.accessTokens.add((ObjectNode) t.deepCopy()));
            Map<String, String> env = Map.of(Pollers.DOCKERHUB_USERNAME, FakeAuditApis.HUB_USER, Pollers.DOCKERHUB_TOKEN, FakeAuditApis.HUB_TOKEN);
            try (RunProcess job = RunProcess.start(data.resolve("run.log"), env, "--data", data.toString(), "--fresh", "--no-samples",
                    "--no-reload", "--checkpoint-interval", "1s", "--settle", "2s", "--poll-interval", "1s",
                    "--dockerhub-url", apis.base().toString(), "--poll", "dockerhub-tokens:jdoe", "--es-url", es, "--es-index-prefix", PREFIX)) {
                job.await(() -> listed(es).keySet().containsAll(java.util.List.of(MANUAL, AUTO)), "both polled tokens in " + PREFIX + "-tokens",
                        Duration.ofMinutes(3));
                // Each sink indexes on its own: the events may land a moment after the inventory's documents.
                job.await(() -> show(es).exit() == 0, "the polled token's events in " + PREFIX + "-events-*", Duration.ofMinutes(1));
            }
        }
        Map<String, JsonNode> tokens = listed(es);
        assertThat(tokens).containsOnlyKeys(MANUAL, AUTO);
        assertThat(tokens.values()).allSatisfy(t -> {
            assertThat(t.at("/user/name").asText()).isEqualTo("jdoe");
            assertThat(t.at("/token/status").asText()).isEqualTo("active");
        });
        assertThat(tokens.get(AUTO).at("/token/kind").asText()).isEqualTo("auto");
        assertThat(tokens.get(MANUAL).at("/created/@timestamp").asText()).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(tokens.get(MANUAL).at("/last_use/@timestamp").asText()).isEqualTo("2026-11-20T09:12:30Z");

        Cli.Run show = show(es);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("token " + AUTO + "  owner jdoe  kind auto", "2026-11-18T17:45:10Z  token.created by jdoe from 198.51.100.7");
    }

    private static Cli.Run show(String es) {
        return Cli.run("tokens", "show", AUTO, "--es-url", es, "--es-index-prefix", PREFIX);
    }

    /** Token id -> its line of {@code tokens list --json} over the index; none while the index does not exist yet. */
    private static Map<String, JsonNode> listed(String es) throws Exception {
        Cli.Run list = Cli.run("tokens", "list", "--json", "--es-url", es, "--es-index-prefix", PREFIX);
        Map<String, JsonNode> tokens = new TreeMap<>();
        if (list.exit() != 0) return tokens;
        for (String line : list.out().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode doc = Json.MAPPER.readTree(line);
            tokens.put(doc.at("/token/id").asText(), doc);
        }
        return tokens;
    }
}
