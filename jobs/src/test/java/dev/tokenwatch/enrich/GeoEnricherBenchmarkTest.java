package dev.tokenwatch.enrich;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the figures worth knowing when sizing the job: city database open and decompression
 * time, lookups per second on one thread with and without caches (best of 3 rounds after a
 * warm-up round), each configuration against the others in the same run. A benchmark, not a
 * test: it asserts nothing about speed. Takes ~20 s, so it runs only on request:
 * {@code mvn test -Dtest=GeoEnricherBenchmarkTest -Dtokenwatch.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "tokenwatch.benchmark", matches = "true")
class GeoEnricherBenchmarkTest {

    static final int SAMPLE = 100_000;

    @TempDir
    Path tmp;

    @Test
    void printsOpenAndLookupFigures() throws Exception {
        Path dir = GeoTestData.geoipDir();
        Path gz = dir.resolve(GeoSettings.CITY_IN_DIRECTORY);

        Path copy = tmp.resolve("GeoLite2-City.mmdb.gz");
        Files.copy(gz, copy);
        long started = System.nanoTime();
        GzipDatabaseCache.decompressed(copy);
        System.out.printf("City database: first-use decompression of %d MiB .gz took %d ms%n",
                Files.size(gz) >> 20, (System.nanoTime() - started) / 1_000_000);

        GeoSettings cityOnly = GeoSettings.of(gz, null, List.of());
        GzipDatabaseCache.decompressed(gz);
        started = System.nanoTime();
        try (GeoLocator locator = GeoLocator.open(cityOnly)) {
            System.out.printf("City database: open (already decompressed, memory-mapped) took %.1f ms: %s%n",
                    (System.nanoTime() - started) / 1e6, locator.describe());
        }

        List<InetAddress> sample = GeoTestData.randomPublicAddresses(SAMPLE);
        try (GeoLocator noCache = GeoLocator.open(cityOnly.withDatabaseCacheSize(0))) {
            report("city only, GeoIP2 NoCache", sample, noCache::locate);
        }
        try (GeoLocator chm = GeoLocator.open(cityOnly)) {
            report("city only, GeoIP2 CHMCache(" + GeoSettings.DEFAULT_DATABASE_CACHE_SIZE + ")", sample, chm::locate);
        }
        try (GeoEnricher full = new GeoEnricher(GeoSettings.forDirectory(dir).withResultCacheSize(0))) {
            report("city + ASN table, no result cache", sample, full::lookup);
        }
        List<InetAddress> repeated = new ArrayList<>(SAMPLE);
        for (int i = 0; i < SAMPLE; i++) {
            repeated.add(sample.get((int) ((i * 2_654_435_761L) % 5_000)));
        }
        try (GeoEnricher full = GeoEnricher.fromDirectory(dir)) {
            report("city + ASN table, result cache, 5,000 distinct addresses", repeated, full::lookup);
            report("city + ASN table, result cache, all distinct", sample, full::lookup);
        }
    }

    private static double report(String what, List<InetAddress> sample, Function<InetAddress, GeoInfo> lookup) {
        double perSecond = 0;
        int located = 0;
        for (int round = 0; round < 4; round++) { // round 0 warms up (and fills caches)
            located = 0;
            long started = System.nanoTime();
            for (InetAddress address : sample) {
                if (lookup.apply(address).countryIsoCode() != null) {
                    located++;
                }
            }
            double rate = sample.size() / ((System.nanoTime() - started) / 1e9);
            perSecond = round == 0 ? 0 : Math.max(perSecond, rate);
        }
        System.out.printf("Lookups: %-58s %,9.0f/s on one thread (%d%% with a country)%n",
                what, perSecond, located * 100 / sample.size());
        return perSecond;
    }
}
