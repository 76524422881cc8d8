package dev.tokenwatch.microbench;

import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoInfo;
import dev.tokenwatch.enrich.GeoSettings;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * GeoIP City + ASN lookup of a source address as the enrich stage makes it ({@link GeoEnricher#lookup(String)}: the
 * literal parsed, then city and AS), on the addresses of {@code samples/native.jsonl} in stream order (3,047 events,
 * 236 addresses: a registry sees the same CI runners and offices again and again). {@code CACHED} is the job's
 * setting (a result cache of 16,384 addresses in front of GeoIP2's record cache); {@code UNCACHED} turns both off, the
 * cost of every address the first time it is seen.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GeoLookupBenchmark {

    public enum Caches {
        CACHED(UnaryOperator.identity()),
        UNCACHED(s -> s.withResultCacheSize(0).withDatabaseCacheSize(0));

        private final UnaryOperator<GeoSettings> settings;

        Caches(UnaryOperator<GeoSettings> settings) {
            this.settings = settings;
        }
    }

    @Param
    public Caches caches;

    private GeoEnricher geo;
    private Cycle<String> addresses;

    @Setup
    public void open() {
        geo = MicrobenchData.openGeo(caches.settings);
        addresses = new Cycle<>(MicrobenchData.nativeEvents().stream().map(e -> e.sourceIp).filter(Objects::nonNull).toList());
    }

    @TearDown
    public void close() throws IOException {
        geo.close();
    }

    @Benchmark
    public Optional<GeoInfo> lookup() {
        return geo.lookup(addresses.next());
    }
}
