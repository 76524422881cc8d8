package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.FlinkSessionCluster;
import dev.tokenwatch.testing.KafkaTestBroker;
import dev.tokenwatch.testing.LiveRuns;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.SampleCut;
import dev.tokenwatch.testing.SampleStream;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Flink session cluster ({@link FlinkSessionCluster}), submitted as {@code flink run -d}
 * submits it: {@code tokenwatch.jar run --kafka ...}, reading the samples from a topic. Its alerts file must hold
 * {@code replay}'s alerts, each version once, after the cluster disturbed the job:
 * <ul>
 *   <li>a task manager killed with SIGKILL mid-stream, after a checkpoint, while the job runs at parallelism 2: the
 *   job fails over to the other;</li>
 *   <li>the job stopped with a savepoint by Flink's CLI ({@code flink stop --savepointPath}) and submitted again from
 *   it ({@code flink run -s}) at another parallelism, twice: 1 to 2, then 2 to 1.</li>
 * </ul>
 */
class FlinkClusterIT {
    private static final Duration WAIT = FlinkSessionCluster.WAIT;
    /** The processes' logs outlive the temporary directory, for a failed run. */
    private static final Path LOGS = Path.of("target", "flink-cluster-it").toAbsolutePath();

    /** What both runs must end with: replay's alerts (id → last version), computed once. */
    private static Map<String, String> replayed;

    @TempDir
    Path dir;

    @BeforeAll
    static void replay(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("replay.jsonl");
        Cli.Run replay = Cli.run("replay", "--out", out.toString(), SampleStream.samplesDir().toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        replayed = AlertLines.latest(out);
    }

    @Test
    void theJarSubmittedToASessionClusterGivesTheAlertsOfAReplayAfterATaskManagerIsKilled() throws Exception {
        Path jar = jar();
        KafkaTestBroker broker = KafkaTestBroker.get();
        List<String> lines = SampleStream.lines();
        String topic = broker.createTopic("cluster", 2);
        Path data = dir.resolve("data");
        long started = System.nanoTime();
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir, LOGS.resolve("task-manager-killed"))) {
            long clusterUp = System.nanoTime();
            String job = cluster.submit("flink-run.log", jar, runArgs(data, topic, "-p", "2", "--settle", "15s"));
            RunProcess killed = null, survivor = null;

            cluster.awaitCheckpoints(job, 1);
            // The job's --checkpoints (DATA/checkpoints) is where they go, not the cluster's execution.checkpointing.dir.
            String checkpointPath = cluster.get("/jobs/" + job + "/checkpoints").path("latest").path("completed").path("external_path").asText();
            assertThat(checkpointPath).startsWith(data.resolve("checkpoints").toUri().toString().replaceFirst("^file:/+", "file:/"));
            int half = lines.size() / 2;
            try (KafkaProducer<String, String> producer = SampleStream.producer(broker.bootstrap())) {
                SampleStream.write(producer, topic, 2, lines, 0, half);
                cluster.awaitCheckpoints(job, cluster.completedCheckpoints(job) + 1);
                // The scheduler may have put both of the job's slots on one task manager: kill one that runs tasks.
                String busy = "";
                for (JsonNode tm : cluster.get("/taskmanagers").path("taskmanagers")) {
                    if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) busy = tm.path("id").asText();
                }
                assertThat(busy).as("a task manager running the job").isNotEmpty();
                killed = cluster.taskManager(1).log().contains("ResourceID: " + busy) ? cluster.taskManager(1) : cluster.taskManager(2);
                survivor = killed == cluster.taskManager(1) ? cluster.taskManager(2) : cluster.taskManager(1);
                killed.kill();
                SampleStream.write(producer, topic, 2, lines, half, lines.size());
            }
            LiveRuns.awaitEqual(() -> AlertLines.latest(data.resolve(DataOptions.RUN_ALERTS)), replayed, cluster.jobManager(), WAIT);
            long done = System.nanoTime();
            assertThat(survivor.alive()).isTrue();
            JsonNode failures = cluster.get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries");
            assertThat(failures.size()).as("the job failed over when the task manager was killed").isGreaterThanOrEqualTo(1);
            List<String> alerts = AlertLines.lines(data.resolve(DataOptions.RUN_ALERTS));
            assertThat(alerts).as("no alert version written twice").doesNotHaveDuplicates();
            System.out.printf("FlinkClusterIT: cluster up in %d s; %d sample lines, task manager killed after %d; %d alert ids, %d lines,"
                            + " equal to replay %d s after the cluster was up; failovers recorded: %d (%s)%n",
                    Duration.ofNanos(clusterUp - started).toSeconds(), lines.size(), half, replayed.size(), alerts.size(),
                    Duration.ofNanos(done - clusterUp).toSeconds(), failures.size(), failures.get(0).path("exceptionName").asText());
            cluster.cancel(job);
        }
        // With the cluster gone (two cores): the same topic read by a local run that nothing disturbs.
        assertThat(AlertLines.lines(data.resolve(DataOptions.RUN_ALERTS)).stream().sorted().toList())
                .as("the alert versions of an undisturbed run")
                .isEqualTo(LiveRuns.undisturbedLines(dir.resolve("undisturbed"), broker.bootstrap(), topic, replayed, WAIT));
    }

    /**
     * The samples in three parts, cut at the widest gaps in event time between a quarter and a half of them and between
     * a quarter and a half of the rest (about 19 and 18 minutes). At each cut the running job's event time stands in
     * the gap, as in {@code RescaleIT}: its {@code --out-of-orderness} is the distance from the gap to now, so the part
     * before is evaluated while windows, baselines, suppression periods and timers are still open. There the job is
     * stopped with a savepoint, not drained (draining would fire every timer), and submitted again from it: at
     * parallelism 1 for the first part, 2 for the second, 1 again for the third, with the default out-of-orderness.
     */
    @Test
    void savepointsTakenWithFlinkStopRescaleTheJobFromOneToTwoAndBackWithTheAlertsOfAReplay() throws Exception {
        Path jar = jar();
        KafkaTestBroker broker = KafkaTestBroker.get();
        SampleCut first = SampleCut.widestGap(SampleStream.lines(), 0.25, 0.5);
        SampleCut second = SampleCut.widestGap(first.after(), 0.25, 0.5);
        assertThat(List.of(first.gap(), second.gap())).as("gaps the event time can stand in").allMatch(gap -> gap.toMinutes() >= 10);
        String topic = broker.createTopic("savepoint", 2);
        Path data = dir.resolve("data");
        Path alerts = data.resolve(DataOptions.RUN_ALERTS);
        Path savepoints = dir.resolve("savepoints");
        long started = System.nanoTime();
        Map<String, String> atFirstCut, atSecondCut;
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir, LOGS.resolve("savepoints"));
             KafkaProducer<String, String> producer = SampleStream.producer(broker.bootstrap())) {
            String job = cluster.submit("flink-run-1.log", jar, runArgs(data, topic, "-p", "1", "--settle", "10s",
                    "--out-of-orderness", standingIn(first)));
            SampleStream.write(producer, topic, 2, first.before(), 0, first.before().size());
            awaitEventTime(cluster, job, first.lastBefore());
            String savepoint = cluster.stopWithSavepoint("flink-stop-1.log", job, savepoints);
            atFirstCut = AlertLines.latest(alerts);

            SampleStream.write(producer, topic, 2, second.before(), 0, second.before().size());
            job = cluster.submit("flink-run-2.log", List.of("-s", savepoint), jar,
                    runArgs(data, topic, "-p", "2", "--settle", "10s", "--out-of-orderness", standingIn(second)));
            awaitRestored(cluster, job, savepoint);
            awaitEventTime(cluster, job, second.lastBefore());
            savepoint = cluster.stopWithSavepoint("flink-stop-2.log", job, savepoints);
            atSecondCut = AlertLines.latest(alerts);

            SampleStream.write(producer, topic, 2, second.after(), 0, second.after().size());
            job = cluster.submit("flink-run-3.log", List.of("-s", savepoint), jar, runArgs(data, topic, "-p", "1", "--settle", "10s"));
            awaitRestored(cluster, job, savepoint);
            LiveRuns.awaitEqual(() -> AlertLines.latest(alerts), replayed, cluster.jobManager(), WAIT);
            cluster.cancel(job);
        }
        long done = System.nanoTime();
        List<String> lines = AlertLines.lines(alerts);
        assertThat(lines).as("no alert version written twice").doesNotHaveDuplicates();
        // Alerts raised after each restore quote what the job had learned before it, at the other parallelism.
        Map<String, String> afterFirst = first.quotingStateFromBefore(atSecondCut, atFirstCut.keySet());
        Map<String, String> afterSecond = second.quotingStateFromBefore(replayed, atSecondCut.keySet());
        assertThat(afterFirst).as("alerts at parallelism 2 from state learned at 1").isNotEmpty();
        assertThat(afterSecond).as("alerts at parallelism 1 from state learned at 2").isNotEmpty();
        System.out.printf("FlinkClusterIT: savepoints: %d | %d | %d sample lines (cut at %s, %s); %d alert ids at the first savepoint"
                        + " (p1), %d at the second (p2), %d at the end (p1), %d lines; alerts quoting state from before the restore:"
                        + " %d at p2, %d at p1; %d s from the cluster's start%n",
                first.before().size(), second.before().size(), second.after().size(), first.lastBefore(), second.lastBefore(),
                atFirstCut.size(), atSecondCut.size(), replayed.size(), lines.size(), afterFirst.size(), afterSecond.size(),
                Duration.ofNanos(done - started).toSeconds());
    }

    private static Path jar() {
        Path jar = TestRules.repoRoot().resolve("jobs/target/tokenwatch.jar");
        assertThat(jar).as("the shaded jar (built in package, before the ITs)").exists();
        return jar;
    }

    private static String[] runArgs(Path data, String topic, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--kafka", KafkaTestBroker.get().bootstrap(), "--topic", topic,
                "--no-samples", "--data", data.toString(), "--rules", TestRules.repoRoot().resolve("rules").toString(),
                "--no-reload", "--checkpoint-interval", "1s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** An out-of-orderness that puts the job's event time 2 s after the part before the cut, moving on with the clock. */
    private static String standingIn(SampleCut cut) {
        return Duration.between(cut.lastBefore(), Instant.now()).toSeconds() - 2 + "s";
    }

    private static void awaitRestored(FlinkSessionCluster cluster, String job, String savepoint) throws Exception {
        cluster.jobManager().await(() -> !cluster.restoredFrom(job).isEmpty(), "job " + job + " restored", WAIT);
        assertThat(cluster.restoredFrom(job)).isEqualTo(savepoint);
    }

    /**
     * Until event time has passed {@code time} and a checkpoint completed since: what came before it was evaluated.
     * Event time is read where it enters {@code order}, the one vertex every event passes with a single input (those
     * further on also read the rules, an idle input whose watermark Flink's metric reports as the minimum); the
     * checkpoint's barriers follow that watermark through every later stage.
     */
    private static void awaitEventTime(FlinkSessionCluster cluster, String job, Instant time) throws Exception {
        String order = "";
        for (JsonNode vertex : cluster.get("/jobs/" + job).path("vertices")) {
            if (vertex.path("name").asText().equals("order")) order = vertex.path("id").asText();
        }
        assertThat(order).as("the vertex of order").isNotEmpty();
        String watermark = "/jobs/" + job + "/vertices/" + order + "/watermarks";
        cluster.jobManager().await(() -> cluster.get(watermark).path(0).path("value").asLong(Long.MIN_VALUE) > time.toEpochMilli(),
                "event time past " + time, WAIT);
        cluster.awaitCheckpoints(job, cluster.completedCheckpoints(job) + 1);
    }
}
