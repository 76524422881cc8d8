package dev.tokenwatch.cli;

import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.PipelineMetrics;
import dev.tokenwatch.job.OutputSinks;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One bounded local run of the job over files, in event time: what {@code replay} and {@code bench}
 * share. Alert versions and dead letters go to files; counters come back from the job's accumulators.
 */
final class BoundedRun {
    record Result(Map<String, Object> counters, double seconds) {
        long count(String name) {
            return count(counters, name);
        }

        /** A counter from a running or finished job's accumulators; 0 until it has counted anything. */
        static long count(Map<String, Object> counters, String name) {
            return counters.get(name) instanceof Number n ? n.longValue() : 0;
        }

        double eventsPerSecond() {
            return count(PipelineMetrics.EVENTS_PARSED) / Math.max(seconds, 1e-9);
        }
    }

    private BoundedRun() {}

    /**
     * @param tmp where Flink's temporary files go
     * @param onProgress called about once a second with the running job's counters, or null
     */
    static Result run(RunTempDir tmp, List<Path> files, List<Rule> rules, GeoSettings geo, EventTime eventTime, int parallelism,
                      Path alertVersions, Path deadLetters, Consumer<Map<String, Object>> onProgress) throws Exception {
        return run(tmp, files, rules, geo, eventTime, parallelism, alertVersions, deadLetters, null, onProgress);
    }

    /** @param es when not null, alerts and enriched events are also indexed into Elasticsearch */
    static Result run(RunTempDir tmp, List<Path> files, List<Rule> rules, GeoSettings geo, EventTime eventTime, int parallelism,
                      Path alertVersions, Path deadLetters, EsSettings es, Consumer<Map<String, Object>> onProgress) throws Exception {
        Configuration conf = tmp.configure(new Configuration());
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        // At once, not exactly once: without checkpoints there is no restore to repeat lines, and replay's default
        // dead-letters file is run's, whose pending batches the exactly-once sink would discard on start.
        OutputSinks.Settings outputs = OutputSinks.Settings.files(alertVersions, deadLetters, OutputSinks.Files.AT_ONCE);
        OutputSinks.attach(TokenwatchJob.build(TokenwatchJob.readFiles(env, files.stream().map(p -> p.toAbsolutePath().toString()).toList(), null),
                rules, null, geo, eventTime), es == null ? outputs : outputs.withElasticsearch(es, DeadLetterFiles.forElasticsearch(deadLetters)));
        long started = System.nanoTime();
        JobClient client = env.executeAsync("tokenwatch bounded run");
        while (!client.getJobExecutionResult().isDone()) {
            Thread.sleep(1000);
            if (onProgress != null && !client.getJobExecutionResult().isDone()) {
                try {
                    onProgress.accept(client.getAccumulators().get(5, TimeUnit.SECONDS));
                } catch (Exception ignored) {
                    // The job may finish between the check and the poll; the final counters are complete.
                }
            }
        }
        JobExecutionResult result = client.getJobExecutionResult().get();
        return new Result(result.getAllAccumulatorResults(), (System.nanoTime() - started) / 1e9);
    }

    /** One status line on the terminal, rewritten in place. */
    static final class Progress implements Consumer<Map<String, Object>> {
        private final PrintStream err;
        private final long started = System.nanoTime();

        Progress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void accept(Map<String, Object> counters) {
            Result now = new Result(counters, (System.nanoTime() - started) / 1e9);
            err.printf("\r%d records read, %d events (%.0f/s), %d alerts, %d dead letters   ",
                    now.count(PipelineMetrics.RECORDS_IN), now.count(PipelineMetrics.EVENTS_PARSED), now.eventsPerSecond(),
                    now.count(PipelineMetrics.ALERTS), now.count(PipelineMetrics.DEAD_LETTERS));
            err.flush();
        }

        void clear() {
            err.print("\r" + " ".repeat(100) + "\r");
        }
    }
}
