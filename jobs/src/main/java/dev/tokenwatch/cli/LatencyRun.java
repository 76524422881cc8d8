package dev.tokenwatch.cli;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTypes;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Event-to-alert latency of the long-running job: native events offered at a fixed rate through the job with live
 * event time ({@link EventTime#live}), each stamped with the wall clock as the source hands it on. Every
 * {@value #PROBE_EVERY}th event is a probe that alerts at once whatever the state (a repository made public, each
 * probe its own repository), since the stream's own alerts need days of history that a stream compressed into
 * seconds does not have. A probe's latency is the wall clock when its alert leaves the job minus its stamp. A job
 * that cannot keep up holds the source back: the rate it reached, from the probes' stamps, says so. Probes of the
 * first and last out-of-orderness plus settle time are left out: the start waits for the pace to be known, and the
 * end of input releases whatever waits for the watermark at once.
 *
 * <p>Stamped when handed on, not when the rate says an event is due: the operators open (Esper, GeoIP) after the
 * source has started, and a due time would count that start-up in every latency of the run.
 */
final class LatencyRun {
    static final int PROBE_EVERY = 1000;
    private static final String PROBE_RULE = "tw-repo-made-public";
    private static final String PROBE_REPOSITORY = "latency-probe/";

    /** @param reachedRate events per second between the first probe and the last */
    record Result(long offered, double seconds, long[] latencies, long leftOut, double reachedRate) {
        long percentile(double q) {
            if (latencies.length == 0) return -1;
            return latencies[(int) Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
        }
    }

    private LatencyRun() {}

    /** The start and end of a run that are left out: the out-of-orderness plus the settle time. */
    static long edgeMillis(EventTime time) {
        return time.outOfOrderness().plus(time.settle()).toMillis();
    }

    static Result run(RunTempDir tmp, Path file, long events, int rate, List<Rule> rules, GeoSettings geo, EventTime time,
                      int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(tmp.configure(new Configuration()));
        env.setParallelism(parallelism);
        DataGeneratorSource<RawRecord> offered = new DataGeneratorSource<>(new StampedLines(file.toString()), events,
                RateLimiterStrategy.perSecond(rate), EventTypes.RAW_RECORD);
        // One reader: it takes the file's lines in order, and the rate is the whole job's.
        DataStream<RawRecord> records = env.fromSource(offered, WatermarkStrategy.noWatermarks(), "offered").setParallelism(1);
        DataStream<Alert> alerts = TokenwatchJob.build(records, rules, null, geo, time).alerts();
        DataStream<long[]> stamped = alerts
                .filter(a -> a.count == 1 && PROBE_RULE.equals(a.ruleId) && a.event.repositoryName.startsWith(PROBE_REPOSITORY))
                .map(a -> new long[] {a.event.timestamp, System.currentTimeMillis()})
                .returns(PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        long started = System.currentTimeMillis();
        List<long[]> probes = new ArrayList<>();
        try (CloseableIterator<long[]> out = stamped.collectAsync()) {
            env.executeAsync("tokenwatch latency");
            out.forEachRemaining(probes::add);
        }
        double seconds = (System.currentTimeMillis() - started) / 1000.0;
        if (probes.isEmpty()) return new Result(events, seconds, new long[0], 0, Double.NaN);
        long first = probes.stream().mapToLong(p -> p[0]).min().orElseThrow();
        long last = probes.stream().mapToLong(p -> p[0]).max().orElseThrow();
        long edge = edgeMillis(time);
        long[] sorted = probes.stream().filter(p -> p[0] >= first + edge && p[0] <= last - edge).mapToLong(p -> p[1] - p[0]).sorted().toArray();
        double reached = last > first ? (probes.size() - 1) * (double) PROBE_EVERY * 1000 / (last - first) : Double.NaN;
        return new Result(events, seconds, sorted, probes.size() - sorted.length, reached);
    }

    /**
     * The file's lines in order, each native event's {@code @timestamp} replaced by the wall clock as it is handed
     * on: the job sees a live stream, not history.
     */
    static final class StampedLines implements GeneratorFunction<Long, RawRecord> {
        private static final String STAMP = "\"@timestamp\":\"";
        private final String file;
        private transient BufferedReader reader;

        StampedLines(String file) {
            this.file = file;
        }

        @Override
        public void open(SourceReaderContext context) throws IOException {
            reader = Files.newBufferedReader(Path.of(file));
        }

        @Override
        public RawRecord map(Long index) throws IOException {
            Instant now = Instant.now();
            if (index % PROBE_EVERY == PROBE_EVERY - 1) return RawRecord.of("probe", index + 1, probe(index, now));
            String line = reader.readLine();
            if (line == null) throw new IOException(file + ": fewer lines than the " + (index + 1) + " events asked for");
            return RawRecord.of("offered:" + file, index + 1, restamp(line, now));
        }

        static String probe(long index, Instant time) {
            return "{\"@timestamp\":\"" + time + "\",\"event\":{\"id\":\"latency-probe-" + index
                    + "\",\"action\":\"repo.visibility.change\",\"outcome\":\"success\"},\"user\":{\"name\":\"latency-probe\"},"
                    + "\"repository\":{\"name\":\"" + PROBE_REPOSITORY + index + "\",\"visibility\":\"public\"}}";
        }

        static String restamp(String line, Instant now) {
            int start = line.indexOf(STAMP);
            if (start < 0) return line;
            int value = start + STAMP.length();
            int end = line.indexOf('"', value);
            return end < 0 ? line : line.substring(0, value) + now + line.substring(end);
        }

        @Override
        public void close() throws IOException {
            if (reader != null) reader.close();
        }
    }
}
