package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.KafkaTestBroker;
import dev.tokenwatch.testing.LiveRuns;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.SampleCut;
import dev.tokenwatch.testing.SampleStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling: the job at parallelism 1 reads the first part of the samples from Kafka and evaluates it, so rule state
 * (windows, baselines, open suppression periods, timers) is in its keyed state; it is killed (SIGKILL) after a
 * checkpoint, the rest of the samples is written, and it is started again at parallelism 2 from that retained
 * checkpoint ({@code --from-checkpoint}; Flink restores a retained checkpoint as it does a savepoint, redistributing
 * key groups and operator state). Its alerts file must then hold exactly {@code replay}'s alerts, each version once.
 *
 * <p>The cut is the widest gap in event time in the middle third of the samples (about 19 minutes). For the first
 * part to be evaluated while the second is not yet read, the first run's event time is made to stand in that gap:
 * its {@code --out-of-orderness} is the distance from the gap to now, so once its input is quiet its watermark
 * ("wall clock minus out-of-orderness") is just past the first part's last event and moves on only as the test's
 * own minutes pass. The second run has the default 5 s, as a job that is live again.
 */
class RescaleIT {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aCheckpointTakenAtParallelismOneResumesAtTwoWithTheAlertsOfAReplay() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.get();
        Path out = dir.resolve("replay.jsonl");
        Cli.Run replay = Cli.run("replay", "--out", out.toString(), SampleStream.samplesDir().toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        Map<String, String> replayed = AlertLines.latest(out);
        assertThat(replayed).hasSizeGreaterThanOrEqualTo(20);

        SampleCut cut = SampleCut.widestGap(SampleStream.lines(), 1 / 3.0, 2 / 3.0);
        assertThat(cut.gap()).as("a gap the first run's event time can stand in").isGreaterThan(Duration.ofMinutes(10));
        String topic = broker.createTopic("rescale", 2);
        Path data = dir.resolve("rescaled");
        Path checkpoints = data.resolve("checkpoints");
        Path alerts = data.resolve(DataOptions.RUN_ALERTS);
        try (KafkaProducer<String, String> producer = SampleStream.producer(broker.bootstrap())) {
            SampleStream.write(producer, topic, 2, cut.before(), 0, cut.before().size());
        }

        // Event time of the first run: now minus this, i.e. 2 s after the first part's last event, moving with the clock.
        Instant started = Instant.now();
        long lagSeconds = Duration.between(cut.lastBefore(), started).toSeconds() - 2;
        Set<Path> seen = new HashSet<>();
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), args(data, topic, "--fresh", "-p", "1",
                "--out-of-orderness", lagSeconds + "s"))) {
            job.await(() -> !AlertLines.lines(alerts).isEmpty(), "the first part's alerts", WAIT);
            // Evaluated to the end of the first part: two checkpoints pass without another alert line.
            int before;
            do {
                before = AlertLines.lines(alerts).size();
                LiveRuns.awaitNewCheckpoints(checkpoints, seen, 2, job, WAIT);
            } while (AlertLines.lines(alerts).size() != before);
            job.kill();
        }
        assertThat(Instant.now().minusSeconds(lagSeconds)).as("the first run's event time stayed before the second part")
                .isBefore(cut.firstAfter());
        Map<String, String> atCut = AlertLines.latest(alerts);
        Path checkpoint = RunCommand.latestCheckpoint(checkpoints).orElseThrow();

        try (KafkaProducer<String, String> producer = SampleStream.producer(broker.bootstrap())) {
            SampleStream.write(producer, topic, 2, cut.after(), 0, cut.after().size());
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), args(data, topic, "-p", "2",
                "--from-checkpoint", checkpoint.toString()))) {
            job.await(() -> job.log().contains("Resuming from checkpoint " + checkpoint), "the resume", WAIT);
            LiveRuns.awaitEqual(() -> AlertLines.latest(alerts), replayed, job, WAIT);
        }
        List<String> lines = AlertLines.lines(alerts);
        assertThat(lines).as("no alert version written twice").doesNotHaveDuplicates();
        // State was in flight at the cut: alerts raised after it, by the job at parallelism 2, quote what the job at
        // parallelism 1 had learned before it (a baseline's "history since", a list entry's "listed at").
        Map<String, String> fromEarlierState = cut.quotingStateFromBefore(replayed, atCut.keySet());
        assertThat(fromEarlierState).as("alerts after the cut from state learned before it").isNotEmpty();
        assertThat(lines.stream().sorted().toList()).as("the alert versions of an undisturbed run")
                .isEqualTo(LiveRuns.undisturbedLines(dir.resolve("undisturbed"), broker.bootstrap(), topic, replayed, WAIT));
        System.out.printf("RescaleIT: %d sample lines cut %d | %d at %s..%s; %d alert ids at the cut; %d alerts after it quote state from before it;"
                        + " %d alert ids, %d lines at the end; resumed from %s%n", cut.before().size() + cut.after().size(),
                cut.before().size(), cut.after().size(), cut.lastBefore(), cut.firstAfter(), atCut.size(), fromEarlierState.size(),
                replayed.size(), lines.size(), checkpoint);
    }

    private static String[] args(Path data, String topic, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--kafka", KafkaTestBroker.get().bootstrap(),
                "--topic", topic, "--no-samples", "--no-reload", "--checkpoint-interval", "1s", "--settle", "10s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
