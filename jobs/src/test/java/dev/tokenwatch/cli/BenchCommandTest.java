package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --quick} as a smoke test: every stage runs on the generated stream and the figures are sane. No speed is
 * asserted: speed is tracked by running the benchmark, not by timed tests.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickBenchRunsEveryStageAndWritesSaneFigures() throws Exception {
        Path json = dir.resolve("bench.json");
        Cli.Run run = Cli.run("bench", "--quick", "--no-geoip", "--json", json.toString(), "--tmp-dir", dir.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("read only", "parse only", "no rules", "full pack", "pack x10", "full pack / no rules throughput");

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        assertThat(figures.path("input").path("quick").asBoolean()).isTrue();
        assertThat(figures.path("input").path("rules").asInt()).isGreaterThan(10);
        assertThat(figures.path("machine").path("cores").asInt()).isPositive();
        for (String stage : new String[] {"read_only", "parse_only", "no_rules", "full_pack", "pack_x10"}) {
            assertThat(figures.path("events_per_second").path(stage).asDouble()).as(stage).isPositive().isFinite();
        }
        // Sane, not fast: on 20,000 events the job's start-up dominates, so the ratios only have to be real numbers.
        assertThat(figures.path("ratios").path("full_pack_to_no_rules").asDouble()).isPositive().isFinite();
        assertThat(figures.path("ratios").path("pack_x10_to_full_pack").asDouble()).isPositive().isFinite();
        assertThat(figures.path("input").path("scaled_rules").asInt()).isEqualTo(10 * figures.path("input").path("rules").asInt());
    }

    @Test
    void latencyRunMeasuresProbeAlertsThroughTheLiveJob() throws Exception {
        Path json = dir.resolve("latency.json");
        Cli.Run run = Cli.run("bench", "--latency", "--rate", "1000", "--seconds", "25", "--no-geoip", "--json", json.toString(),
                "--tmp-dir", dir.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("event-to-alert latency ms: p50");

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        JsonNode latency = figures.path("latency_ms");
        // 25 probes offered (one per 1,000 events); those of the first and last 10 s are left out.
        assertThat(latency.path("alerts").asInt() + latency.path("left_out").asInt()).isEqualTo(25);
        assertThat(latency.path("alerts").asInt()).isPositive();
        assertThat(latency.path("p50").asLong()).isNotNegative().isLessThanOrEqualTo(latency.path("p99").asLong());
        assertThat(latency.path("p99").asLong()).isLessThanOrEqualTo(latency.path("max").asLong());
    }

    @Test
    void stateRunMeasuresAFullCheckpointOnBothBackends() throws Exception {
        Path json = dir.resolve("state.json");
        Cli.Run run = Cli.run("bench", "--state", "--people", "40", "--no-geoip", "--json", json.toString(), "--tmp-dir", dir.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        assertThat(figures.path("input").path("tokens").asInt()).isPositive();
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            JsonNode state = figures.path("state_bytes").path(backend);
            // Every token keeps some state (its rules' baselines, its last use) once the job has read it.
            assertThat(state.path("checkpoint_per_token").asLong()).as(backend).isGreaterThan(100);
            assertThat(state.path("checkpoint").asLong()).as(backend)
                    .isGreaterThanOrEqualTo(state.path("checkpoint_per_token").asLong() * figures.path("input").path("tokens").asInt());
        }
    }

    @Test
    void stateRunOverGeneratedTokensFeedsThemADayAtATimeToTheBackendAskedFor() throws Exception {
        Path json = dir.resolve("tokens.json");
        // A short settle: the job is fed 28 days, each one waited for until the input has been quiet this long.
        Cli.Run run = Cli.run("bench", "--state", "--tokens", "300", "--backend", "rocksdb", "--settle", "2s", "--no-geoip",
                "--json", json.toString(), "--tmp-dir", dir.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        assertThat(figures.path("input").path("tokens").asInt()).isEqualTo(300);
        assertThat(figures.path("state_bytes").has("hashmap")).isFalse();
        JsonNode state = figures.path("state_bytes").path("rocksdb");
        assertThat(state.path("checkpoint_per_token").asLong()).isPositive();
        assertThat(state.has("heap_baseline")).isTrue();
        assertThat(state.has("heap_per_token")).isTrue();
        assertThat(state.path("heap_used_after_gc").asLong()).isPositive();

        JsonNode days = state.path("days");
        assertThat(days).hasSize(28);
        long events = 0;
        for (int i = 0; i < 28; i++) {
            JsonNode day = days.get(i);
            assertThat(day.path("day").asInt()).isEqualTo(i + 1);
            assertThat(day.path("events").asLong()).as("day " + (i + 1)).isGreaterThan(events);
            events = day.path("events").asLong();
            assertThat(day.path("seconds").asDouble()).as("day " + (i + 1)).isPositive();
            assertThat(day.path("events_per_s").asDouble()).as("day " + (i + 1)).isPositive().isFinite();
            assertThat(day.has("heap_after_gc")).as("day " + (i + 1)).isEqualTo((i + 1) % 7 == 0);
            if ((i + 1) % 7 == 0) assertThat(day.path("heap_after_gc").asLong()).isPositive();
        }
        assertThat(events).isEqualTo(figures.path("input").path("records").asLong());
        assertThat(days.get(27).path("tokens").asInt()).isEqualTo(300);
        assertThat(days.get(27).path("rule_hits").asLong()).as("rules evaluated the days fed").isPositive();
        assertThat(run.out()).contains("day", "events/s");
    }

    @Test
    void tokensWithPeopleIsAUsageError() {
        Cli.Run run = Cli.run("bench", "--state", "--tokens", "300", "--people", "40", "--no-geoip", "--tmp-dir", dir.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--tokens", "--people");
    }
}
