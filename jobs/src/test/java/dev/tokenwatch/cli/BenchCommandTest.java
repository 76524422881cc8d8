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
        assertThat(run.out()).contains("read only", "parse only", "no rules", "full pack", "full pack / no rules throughput");

        JsonNode figures = Json.MAPPER.readTree(json.toFile());
        assertThat(figures.path("input").path("quick").asBoolean()).isTrue();
        assertThat(figures.path("input").path("rules").asInt()).isGreaterThan(10);
        assertThat(figures.path("machine").path("cores").asInt()).isPositive();
        for (String stage : new String[] {"read_only", "parse_only", "no_rules", "full_pack"}) {
            assertThat(figures.path("events_per_second").path(stage).asDouble()).as(stage).isPositive().isFinite();
        }
        // The pack does more than the empty pipeline on the same input: a ratio well above 1 would mean it skipped work.
        assertThat(figures.path("ratios").path("full_pack_to_no_rules").asDouble()).isBetween(0.01, 1.5);
    }
}
