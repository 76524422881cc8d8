package dev.tokenwatch.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink in a real job on a local MiniCluster: a failure after a checkpoint, no checkpointing at all, parallelism 2. */
class CheckpointedLineFileTest {
    private static final int LINES = 2000;

    @TempDir
    Path dir;

    @Test
    void aFailureAfterACheckpointNeitherLosesNorRepeatsALine() throws Exception {
        FailOnceAfterCheckpoint.reset();
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, true);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        Path target = dir.resolve("alerts.jsonl");

        run(conf, new FailOnceAfterCheckpoint(), target, 1);

        assertThat(FailOnceAfterCheckpoint.thrownAfterCheckpoint).as("the failure came after a completed checkpoint").isPositive();
        assertThat(Files.readAllLines(target)).containsExactlyElementsOf(numbers());
        assertThat(dir).isDirectoryNotContaining(p -> !p.equals(target));
    }

    /** Flink commits at the end of the input when no checkpoint will come: what a bounded replay would rely on. */
    @Test
    void withoutCheckpointingEverythingIsCommittedAtTheEndOfTheInput() throws Exception {
        Path target = dir.resolve("alerts.jsonl");

        run(new Configuration(), line -> line, target, 1);

        assertThat(Files.readAllLines(target)).containsExactlyElementsOf(numbers());
        assertThat(dir).isDirectoryNotContaining(p -> !p.equals(target));
    }

    @Test
    void refusesAnyParallelismButOne() {
        assertThatThrownBy(() -> run(new Configuration(), line -> line, dir.resolve("alerts.jsonl"), 2))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(e, "parallelism 1 only")).isPresent());
    }

    private static void run(Configuration conf, MapFunction<String, String> between, Path target, int sinkParallelism)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(1, LINES).map(String::valueOf).map(between)
                .sinkTo(CheckpointedLineFile.at(target)).setParallelism(sinkParallelism);
        env.execute("checkpointed line file");
    }

    private static List<String> numbers() {
        return LongStream.rangeClosed(1, LINES).mapToObj(String::valueOf).toList();
    }

    /**
     * Throws once, 100 lines after the first completed checkpoint; slow until then so that checkpoints happen while the
     * source still has lines. Static state, because Flink makes a new instance on restart.
     */
    static final class FailOnceAfterCheckpoint implements MapFunction<String, String>, CheckpointListener {
        static volatile long thrownAfterCheckpoint;
        private transient long completed;
        private transient int since;

        static void reset() {
            thrownAfterCheckpoint = 0;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completed = checkpointId;
        }

        @Override
        public String map(String line) throws InterruptedException {
            if (thrownAfterCheckpoint == 0 && completed > 0 && ++since == 100) {
                thrownAfterCheckpoint = completed;
                throw new IllegalStateException("injected failure after checkpoint " + completed);
            }
            if (completed == 0) Thread.sleep(1);
            return line;
        }
    }
}
