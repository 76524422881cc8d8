package dev.tokenwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Waits shared by the tests that run the long-running job ({@link RunProcess}) and compare it with a replay. */
public final class LiveRuns {
    private LiveRuns() {}

    /** Until the job's alerts (alert id → last version) equal the replay's; then asserts it, with a diff if it never did. */
    public static void awaitEqual(Supplier<Map<String, String>> actual, Map<String, String> expected, RunProcess job, Duration wait)
            throws Exception {
        try {
            job.await(() -> actual.get().equals(expected), "the replay's alerts", wait);
        } catch (AssertionError e) {
            assertThat(actual.get()).as(e.getMessage()).isEqualTo(expected);
        }
    }

    /** Until {@code count} more completed checkpoints ({@code _metadata} files) than {@code seen} are under {@code checkpoints}. */
    public static void awaitNewCheckpoints(Path checkpoints, Set<Path> seen, int count, RunProcess job, Duration wait) throws Exception {
        int before = seen.size();
        job.await(() -> {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.find(checkpoints, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
                    files.forEach(seen::add);
                } catch (IOException | UncheckedIOException deletedWhileListed) {
                    // Flink removes older checkpoints as new ones complete; the next poll sees them.
                }
            }
            return seen.size() >= before + count;
        }, count + " new checkpoint(s)", wait);
    }

    /**
     * Every alert line (sorted) of an undisturbed {@code run -p 2} reading the whole topic from its start, once it has
     * the replay's alerts: the versions a disturbed run (killed, rescaled, failed over) must have written, each once.
     */
    public static List<String> undisturbedLines(Path data, String bootstrap, String topic, Map<String, String> replayed, Duration wait)
            throws Exception {
        Path alerts = data.resolve("alerts.jsonl");
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), "--data", data.toString(), "--kafka", bootstrap, "--topic", topic,
                "--no-samples", "-p", "2", "--no-reload", "--checkpoint-interval", "1s", "--fresh", "--settle", "2s")) {
            awaitEqual(() -> AlertLines.latest(alerts), replayed, job, wait);
        }
        return AlertLines.lines(alerts).stream().sorted().toList();
    }

    public static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
