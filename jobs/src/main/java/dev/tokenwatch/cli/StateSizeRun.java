package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.PipelineMetrics;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.rule.Rule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * What the long-running job keeps per token once it has read a stream: the job (live event time) reads the file and
 * keeps watching it, so nothing ends and no end-of-input watermark clears state; once every record is read and the
 * rules have stopped moving, the next full checkpoint is measured: on the heap backend, the state serialized; on
 * RocksDB, its SST files (compressed). Next to it, the heap in use after a full GC once the job has settled, and
 * before it started: the MiniCluster runs in this JVM, so the difference is what the running job holds on the heap,
 * its state on the heap backend but also what its operators load (GeoIP tables, Esper runtimes). RocksDB keeps its
 * state in native memory, which no heap figure shows.
 */
final class StateSizeRun {
    private StateSizeRun() {}

    /** A full checkpoint's bytes, and the heap used after a full GC before the job started and once it had settled. */
    record Measurement(long checkpointBytes, long heapBaseline, long heapUsedAfterGc) {}

    /**
     * A full checkpoint taken once the job has read {@code file} ({@code records} records), and the heap around it.
     *
     * @param inventory with the token inventory, as when the job indexes into Elasticsearch
     */
    static Measurement measure(RunTempDir tmp, Path file, long records, String backend, List<Rule> rules, GeoSettings geo,
                                EventTime time, int parallelism, boolean inventory) throws Exception {
        Path checkpoints = tmp.dir().resolve("state-" + backend);
        Configuration conf = tmp.configure(new Configuration());
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // Full checkpoints: each one holds all of the state, so its size is the state's.
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(
                TokenwatchJob.readFiles(env, List.of(file.toAbsolutePath().toString()), Duration.ofSeconds(5)), rules, null, geo, time);
        outputs.alerts().sinkTo(new DiscardingSink<>());
        if (inventory) TokenwatchJob.tokenInventory(outputs).sinkTo(new DiscardingSink<>());
        long heapBaseline = heapUsedAfterGc();
        JobClient job = env.executeAsync("tokenwatch state size (" + backend + ")");
        try {
            long settled = settle(job, records);
            long heapUsed = heapUsedAfterGc();
            return new Measurement(checkpointAfter(checkpoints, settled), heapBaseline, heapUsed);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until every record is read and the rule hits, having started, have not moved for three seconds: the order
     * stage holds a stream of history until its input is quiet, then releases it to the rules. The time it saw that.
     */
    private static long settle(JobClient job, long records) throws Exception {
        long hits = -1;
        int still = 0;
        while (still < 3) {
            Thread.sleep(1000);
            Map<String, Object> counters = job.getAccumulators().get(10, TimeUnit.SECONDS);
            long read = BoundedRun.Result.count(counters, PipelineMetrics.RECORDS_IN);
            long now = BoundedRun.Result.count(counters, PipelineMetrics.RULE_HITS);
            still = read >= records && now > 0 && now == hits ? still + 1 : 0;
            hits = now;
        }
        return System.currentTimeMillis();
    }

    /** One GC can leave garbage that finalization or reference processing only frees for the next. */
    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The size of the first checkpoint completed after {@code time}. */
    private static long checkpointAfter(Path checkpoints, long time) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<Path> done = RunCommand.latestCheckpoint(checkpoints)
                    .filter(p -> Files.exists(p.resolve("_metadata")) && modified(p.resolve("_metadata")) > time);
            if (done.isPresent()) return size(done.get());
            Thread.sleep(500);
        }
        throw new IllegalStateException("no checkpoint completed in " + checkpoints + " within two minutes");
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
