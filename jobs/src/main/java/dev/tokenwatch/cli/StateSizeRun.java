package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.PipelineMetrics;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.samples.population.TokenChurnStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * What the long-running job keeps per token once it has read a stream: the job (live event time) reads the file and
 * keeps watching it, so nothing ends and no end-of-input watermark clears state; once every record is read and the
 * rules have stopped moving, the next full checkpoint is measured: on the heap backend, the state serialized; on
 * RocksDB, its SST files (compressed). Next to it, the heap in use after a full GC once the job has settled, and
 * before it started: the MiniCluster runs in this JVM, so the difference is what the running job holds on the heap,
 * its state on the heap backend but also what its operators load (GeoIP tables, Esper runtimes). RocksDB keeps its
 * state in native memory, which no heap figure shows. A generated token churn stream is fed a day at a time instead, as
 * daily exports ({@link #measureDays}).
 */
final class StateSizeRun {
    private StateSizeRun() {}

    /**
     * A full checkpoint's bytes, and the heap used after a full GC before the job started and once it had settled; fed
     * a day at a time, each day's figures.
     */
    record Measurement(long checkpointBytes, long heapBaseline, long heapUsedAfterGc, List<DayFigures> days) {}

    /**
     * One day fed: the events, tokens and rule hits up to its end (hits that stop moving from some day on tell of an
     * order stage that no longer releases), how long it took to be read and evaluated, and on the days
     * {@link #WEEK_ENDS} the heap used after a full GC.
     */
    record DayFigures(int day, long events, long tokens, long ruleHits, double seconds, double eventsPerSecond,
                      OptionalLong heapAfterGc) {}

    /** When the job was seen settled, and its rule hits then. */
    private record Settled(long at, long ruleHits) {}

    /** Days after which the heap is measured: a week's growth at a time, GC pauses only four times. */
    private static final Set<Integer> WEEK_ENDS = Set.of(7, 14, 21, 28);
    /** Generous: a day of a 10-million-token stream is ~900,000 events. */
    private static final Duration DAY_TIMEOUT = Duration.ofMinutes(10);
    /** A whole stream read at once: only a stuck job takes this long. */
    private static final Duration STREAM_TIMEOUT = Duration.ofHours(4);

    /**
     * A full checkpoint taken once the job has read {@code file} ({@code records} records), and the heap around it.
     *
     * @param inventory with the token inventory, as when the job indexes into Elasticsearch
     */
    static Measurement measure(RunTempDir tmp, Path file, long records, String backend, List<Rule> rules, GeoSettings geo,
                                EventTime time, int parallelism, boolean inventory) throws Exception {
        try (RunningJob run = start(tmp, file, Duration.ofSeconds(5), parallelism, backend, rules, geo, time, parallelism, inventory)) {
            Settled settled = settle(run.job(), records, time.settle(), STREAM_TIMEOUT, file.toString());
            long heapUsed = heapUsedAfterGc();
            return new Measurement(checkpointAfter(run.checkpoints(), settled.at()), run.heapBaseline(), heapUsed, List.of());
        }
    }

    /**
     * As {@link #measure}, fed as a live job receives daily audit-log exports: the job watches an empty directory, each
     * day's files appear in it once the day before has been read and evaluated, so the order stage, which holds a
     * catch-up until its input is quiet, holds one day, not the whole history. One reader reads them: with two, the
     * watermark is the lower of theirs, and a reader that got no file of a day held the order stage a day behind.
     * Prints a line per day.
     */
    static Measurement measureDays(RunTempDir tmp, List<TokenChurnStream.Day> days, String backend, List<Rule> rules,
                                   GeoSettings geo, EventTime time, int parallelism, boolean inventory) throws Exception {
        Path exports = Files.createDirectories(tmp.dir().resolve("exports-" + backend));
        List<DayFigures> figures = new ArrayList<>();
        long events = 0;
        try (RunningJob run = start(tmp, exports, Duration.ofSeconds(1), 1, backend, rules, geo, time, parallelism, inventory)) {
            System.out.printf("%s: fed a day at a time%n", backend);
            System.out.printf("%-4s %12s %12s %10s %8s %10s %16s%n", "day", "events", "tokens", "rule hits", "seconds", "events/s", "heap after GC MB");
            Settled settled = null;
            for (TokenChurnStream.Day day : days) {
                long began = System.nanoTime();
                // A link appears whole, as an export moved into place does, and leaves the day for the next backend.
                Files.createLink(exports.resolve(day.file().getFileName()), day.file());
                events += day.events();
                settled = settle(run.job(), events, time.settle(), DAY_TIMEOUT, "day " + day.day());
                double seconds = (System.nanoTime() - began) / 1e9;
                OptionalLong heap = WEEK_ENDS.contains(day.day()) ? OptionalLong.of(heapUsedAfterGc()) : OptionalLong.empty();
                DayFigures done = new DayFigures(day.day(), events, day.tokensSoFar(), settled.ruleHits(), seconds,
                        day.events() / seconds, heap);
                figures.add(done);
                System.out.printf("%-4d %12d %12d %10d %8.1f %10.0f %16s%n", done.day(), done.events(), done.tokens(), done.ruleHits(),
                        seconds, done.eventsPerSecond(), heap.isPresent() ? String.valueOf(heap.getAsLong() >> 20) : "");
            }
            long heapUsed = heapUsedAfterGc();
            return new Measurement(checkpointAfter(run.checkpoints(), settled.at()), run.heapBaseline(), heapUsed, List.copyOf(figures));
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("out of memory on day " + (figures.size() + 1) + " (" + backend + "), "
                    + events + " events fed so far: " + e.getMessage(), e);
        }
    }

    private record RunningJob(JobClient job, Path checkpoints, long heapBaseline) implements AutoCloseable {
        /** Cancels the job unless it has ended already (failed, as a rule, and that failure is what is reported). */
        @Override
        public void close() throws Exception {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** @param readers the file source's parallelism: days fed one after another need one (see {@link #measureDays}) */
    private static RunningJob start(RunTempDir tmp, Path input, Duration monitor, int readers, String backend, List<Rule> rules,
                                    GeoSettings geo, EventTime time, int parallelism, boolean inventory) throws Exception {
        Path checkpoints = tmp.dir().resolve("state-" + backend);
        Configuration conf = tmp.configure(new Configuration());
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // Full checkpoints: each one holds all of the state, so its size is the state's.
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        // A failure (running out of memory above all) ends the run with its cause, instead of restarting from a
        // checkpoint into the same failure while the figures wait.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Each operator takes the parallelism set when it is made: the source this one, the rest the job's.
        env.setParallelism(readers);
        DataStream<RawRecord> records = TokenwatchJob.readFiles(env, List.of(input.toAbsolutePath().toString()), monitor);
        env.setParallelism(parallelism);
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(records, rules, null, geo, time);
        outputs.alerts().sinkTo(new DiscardingSink<>());
        if (inventory) TokenwatchJob.tokenInventory(outputs).sinkTo(new DiscardingSink<>());
        long heapBaseline = heapUsedAfterGc();
        return new RunningJob(env.executeAsync("tokenwatch state size (" + backend + ")"), checkpoints, heapBaseline);
    }

    /**
     * Waits until every record is read, the input has been quiet for {@code quiet} (the order stage holds events read
     * through history until then, then releases them to the rules) and the rule hits have not moved for three seconds
     * since. When it saw that, and the rule hits then. Fails when the job stops running or {@code timeout} passes first, naming
     * {@code what} it waited for and how far the job had come.
     */
    private static Settled settle(JobClient job, long records, Duration quiet, Duration timeout, String what) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long allReadAt = Long.MAX_VALUE;
        long hits = -1;
        long read = 0;
        int still = 0;
        while (still < 3) {
            Thread.sleep(1000);
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState() || status == JobStatus.FAILING || status == JobStatus.CANCELLING) {
                throw new IllegalStateException(what + ": the job is " + status + " after reading " + read + " of " + records
                        + " records" + failure(job, status));
            }
            Map<String, Object> counters = job.getAccumulators().get(10, TimeUnit.SECONDS);
            read = BoundedRun.Result.count(counters, PipelineMetrics.RECORDS_IN);
            long now = BoundedRun.Result.count(counters, PipelineMetrics.RULE_HITS);
            long time = System.currentTimeMillis();
            if (read >= records) allReadAt = Math.min(allReadAt, time);
            // A second more than the quiet: the counters come with the task managers' heartbeats, a second apart.
            still = time - allReadAt >= quiet.toMillis() + 1000 && now == hits ? still + 1 : 0;
            hits = now;
            if (time > deadline) {
                throw new IllegalStateException(what + ": not settled within " + timeout.toMinutes() + " minutes: read " + read
                        + " of " + records + " records, " + hits + " rule hits");
            }
        }
        return new Settled(System.currentTimeMillis(), hits);
    }

    /** Why a job that stopped failed, where it says. */
    private static String failure(JobClient job, JobStatus status) {
        if (status != JobStatus.FAILED) return "";
        try {
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            return "";
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            return ": " + cause;
        }
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
