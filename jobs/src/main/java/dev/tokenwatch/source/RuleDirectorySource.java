package dev.tokenwatch.source;

import dev.tokenwatch.rule.RuleFiles;
import dev.tokenwatch.rule.RuleProblem;
import dev.tokenwatch.rule.RuleReloader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: polls the rules directory and emits the accepted snapshot (JSON of {@link RuleFiles})
 * for the operators' broadcast state. A rate-limited generator source is the ticker; the poll is
 * the generator. Edits that do not validate are logged with file, line and reason, and the
 * previous version of that rule keeps running ({@link RuleReloader}).
 */
public final class RuleDirectorySource {
    private static final Logger LOG = LoggerFactory.getLogger(RuleDirectorySource.class);

    private RuleDirectorySource() {}

    public static DataStream<String> watch(StreamExecutionEnvironment env, Path dir, Duration interval) {
        DataGeneratorSource<String> source = new DataGeneratorSource<>(new Poll(dir.toAbsolutePath().toString()),
                Long.MAX_VALUE, RateLimiterStrategy.perSecond(1000.0 / Math.max(interval.toMillis(), 100)), Types.STRING);
        return env.fromSource(source, neverHoldsBackEventTime(), "rules directory")
                .uid("source-rules").setParallelism(1);
    }

    /**
     * For a long-running job that keeps the rules it started with: a source that emits nothing and
     * never ends. A finished input would send the end-of-time watermark, which fires every timer
     * whenever the events input is idle (after a restart, say) and wipes what the rules learned.
     */
    public static DataStream<String> none(StreamExecutionEnvironment env) {
        DataGeneratorSource<String> source = new DataGeneratorSource<>(tick -> "", Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(1.0 / 60), Types.STRING);
        return env.fromSource(source, neverHoldsBackEventTime(), "no rule updates")
                .uid("source-rules").setParallelism(1);
    }

    /**
     * Rule snapshots carry no event time. Two-input operators wait for the slower input's watermark,
     * so this input is idle for good: the events' watermark alone moves event time, and idle events
     * do not let it run to the end.
     */
    private static WatermarkStrategy<String> neverHoldsBackEventTime() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(String event, long eventTimestamp, WatermarkOutput output) {
                output.markIdle();
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        });
    }

    private static final class Poll implements GeneratorFunction<Long, String> {
        private final String dir;
        private transient RuleReloader reloader;
        private transient String accepted;

        Poll(String dir) {
            this.dir = dir;
        }

        @Override
        public void open(SourceReaderContext readerContext) throws IOException {
            reloader = new RuleReloader();
            accepted = new RuleFiles(dir, new TreeMap<>()).toJson();
            poll();
        }

        @Override
        public String map(Long tick) {
            try {
                poll();
            } catch (IOException | RuntimeException e) {
                LOG.warn("rules directory {} not readable, keeping the running rules: {}", dir, e.toString());
            }
            return accepted;
        }

        private void poll() throws IOException {
            reloader.offer(RuleFiles.read(Path.of(dir))).ifPresent(reload -> {
                for (RuleProblem p : reload.rejected()) LOG.warn("rule change rejected, previous version kept: {}", p);
                LOG.info("rules loaded from {}: {} rules running", dir, reload.rules().size());
                accepted = reload.accepted().toJson();
            });
        }
    }
}
