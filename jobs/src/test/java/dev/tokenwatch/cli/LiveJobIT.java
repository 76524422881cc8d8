package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.LiveRuns;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.TestRules;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-running job ({@code run}, its own JVM) against {@code replay} of the same events: the
 * samples' lines dealt round-robin into eight files, so every file spans all four days and every key's
 * events are spread over files that two readers take in any order. Then the same run killed with
 * SIGKILL three times, and a quiet period followed by a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveJobIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String[] LIVE = {"--no-samples", "-p", "2", "--no-reload", "--settle", "2s", "--checkpoint-interval", "1s"};

    @TempDir
    static Path dir;
    static Path spool;
    static Map<String, String> replayed;
    static List<String> undisturbedLines;

    @BeforeAll
    static void splitTheSamplesAndReplayThem() throws Exception {
        spool = Files.createDirectories(dir.resolve("split"));
        List<BufferedWriter> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) files.add(Files.newBufferedWriter(spool.resolve("part-" + i + ".jsonl")));
        int n = 0;
        try (Stream<Path> samples = Files.list(TestRules.repoRoot().resolve("samples"))) {
            for (Path sample : samples.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(sample)) {
                    BufferedWriter out = files.get(n++ % files.size());
                    out.write(line);
                    out.newLine();
                }
            }
        }
        for (BufferedWriter f : files) f.close();

        Path out = dir.resolve("replay.jsonl");
        Cli.Run replay = Cli.run("replay", "--out", out.toString(), spool.toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        replayed = AlertLines.latest(out);
        assertThat(replayed).hasSizeGreaterThanOrEqualTo(20);
    }

    private static String[] run(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--spool", spool.toString()));
        args.addAll(List.of(LIVE));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void runAtParallelismTwoGivesReplaysAlertsWithTheSameIdsCountsAndReasons() throws Exception {
        Path data = dir.resolve("undisturbed");
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, "--fresh"))) {
            awaitEqual(() -> AlertLines.latest(data.resolve("alerts.jsonl")), replayed, job);
        }
        undisturbedLines = AlertLines.lines(data.resolve("alerts.jsonl")).stream().sorted().toList();
    }

    @Test
    @Order(2)
    void killedThreeTimesItsAlertsFileHoldsEveryVersionOnceAsAnUndisturbedRun() throws Exception {
        Path data = dir.resolve("killed");
        Set<Path> seen = new HashSet<>();
        // Killed once right after its first checkpoint, once two checkpoints into a resumed run, once
        // with alerts already in the file: each resume restores held events, rule state and open alerts.
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, "--fresh"))) {
            awaitNewCheckpoints(data, seen, 1, job);
            job.kill();
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data))) {
            awaitNewCheckpoints(data, seen, 2, job);
            job.kill();
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data))) {
            await(() -> AlertLines.lines(data.resolve("alerts.jsonl")).size() >= 5, "alerts in the file", job);
            job.kill();
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data))) {
            awaitEqual(() -> AlertLines.latest(data.resolve("alerts.jsonl")), replayed, job);
            assertThat(job.log()).contains("Resuming from checkpoint");
        }
        List<String> lines = AlertLines.lines(data.resolve("alerts.jsonl"));
        assertThat(lines).as("no alert version written twice").doesNotHaveDuplicates();
        assertThat(lines.stream().sorted().toList()).as("the undisturbed run's alert versions").isEqualTo(undisturbedLines);
    }

    @Test
    @Order(3)
    void aStatefulRuleStillFiresAfterAQuietPeriodAndAfterARestartFollowingIt() throws Exception {
        Path data = dir.resolve("quiet");
        Path ownSpool = Files.createDirectories(data.resolve("spool"));
        Path alerts = data.resolve("alerts.jsonl");
        String[] args = {"--data", data.toString(), "--spool", ownSpool.toString(), "--samples", spool.toString(),
                "-p", "2", "--settle", "2s", "--checkpoint-interval", "1s"};
        String afterQuiet = "2026-11-25T10:00:00Z";
        String afterRestart = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), args)) {
            awaitEqual(() -> AlertLines.latest(alerts), replayed, job);
            Thread.sleep(65_000);  // longer than the one-minute idleness after which the job used to forget
            dropRevokedTokenUse(ownSpool, "after-quiet", afterQuiet);
            awaitAlert(alerts, afterQuiet, job);
            job.kill();
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), args)) {
            Thread.sleep(15_000);
            dropRevokedTokenUse(ownSpool, "after-restart", afterRestart);
            awaitAlert(alerts, afterRestart, job);
        }
    }

    private static void awaitNewCheckpoints(Path data, Set<Path> seen, int count, RunProcess job) throws Exception {
        LiveRuns.awaitNewCheckpoints(data.resolve("checkpoints"), seen, count, job, WAIT);
    }

    @Test
    @Order(4)
    void liveEventsAlertWhileTheInputKeepsFlowing() throws Exception {
        Path data = dir.resolve("live");
        Path ownSpool = Files.createDirectories(data.resolve("spool"));
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), "--data", data.toString(), "--spool", ownSpool.toString(),
                "--no-samples", "-p", "2", "--fresh")) {
            // Generous for a loaded machine: what matters is that the alert comes while events keep coming.
            for (int i = 0; i < 180; i++) {
                String token = "tok-live-" + i;
                Path hidden = ownSpool.resolve("." + token + ".jsonl");
                Files.writeString(hidden, "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"" + token
                        + "\",\"action\":\"image.push\"},\"user\":{\"name\":\"ci\"},\"token\":{\"id\":\"" + token
                        + "\",\"scopes\":[\"repo:read\"]},\"repository\":{\"name\":\"acme/web\"}}\n");
                Files.move(hidden, ownSpool.resolve(token + ".jsonl"));
                if (job.log().contains("Token tok-live-0 of ci has scopes [repo:read]")) return;
                Thread.sleep(500);
            }
            throw new AssertionError("no alert while events kept arriving for 90 s:\n" + job.log());
        }
    }

    /** tok-old-deploy is revoked in the samples (attack C1). */
    private static void dropRevokedTokenUse(Path spool, String name, String time) throws Exception {
        Path hidden = spool.resolve("." + name + ".jsonl");
        Files.writeString(hidden, "{\"@timestamp\":\"" + time + "\",\"event\":{\"id\":\"" + name + "\",\"action\":\"image.pull\"},"
                + "\"user\":{\"name\":\"deploy-bot\"},\"token\":{\"id\":\"tok-old-deploy\"},\"source\":{\"ip\":\"3.140.61.23\"},"
                + "\"repository\":{\"name\":\"acme/api\"}}\n");
        Files.move(hidden, spool.resolve(name + ".jsonl"));
    }

    private static void awaitAlert(Path alerts, String time, RunProcess job) throws Exception {
        String at = Instant.parse(time).toString();
        await(() -> AlertLines.lines(alerts).stream().anyMatch(l -> l.contains("\"rule\":{\"id\":\"tw-revoked-token-used\"")
                && l.contains("tok-old-deploy") && l.contains("\"@timestamp\":\"" + at)), "a tw-revoked-token-used alert at " + at, job);
    }

    private static void awaitEqual(Supplier<Map<String, String>> actual, Map<String, String> expected, RunProcess job) throws Exception {
        LiveRuns.awaitEqual(actual, expected, job, WAIT);
    }

    private static void await(RunProcess.Check check, String what, RunProcess job) throws Exception {
        job.await(check, what, WAIT);
    }
}
