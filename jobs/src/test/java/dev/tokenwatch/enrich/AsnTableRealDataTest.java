package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ip-location-db ASN CSV files the build downloads. */
class AsnTableRealDataTest {

    static AsnTable table;

    @BeforeAll
    static void load() throws Exception {
        List<java.nio.file.Path> files = GeoTestData.asnCsvFiles();
        AsnTable.load(files.get(0)); // warm up the JIT so the figure is a steady-state load time
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        table = AsnTable.load(files);
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf("ASN table: %s; heap measured after GC: ~%d MiB%n", table, (after - before) / (1024 * 1024));
    }

    static Optional<AsInfo> lookup(String ip) {
        return table.lookup(IpAddresses.parse(ip).orElseThrow());
    }

    @Test
    void loadsEveryLine() {
        assertThat(table.skippedLines()).as("skipped: %s", table.skippedExamples()).isZero();
        assertThat(table.ipv4RangeCount()).isGreaterThan(300_000);
        assertThat(table.ipv6RangeCount()).isGreaterThan(50_000);
        assertThat(table.estimatedBytes()).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void knowsWellKnownNetworks() {
        assertThat(lookup("8.8.8.8")).contains(new AsInfo(15169, "Google LLC"));
        assertThat(lookup("2001:4860:4860::8888")).map(AsInfo::number).contains(15169L);
        assertThat(lookup("1.1.1.1")).contains(new AsInfo(13335, "Cloudflare, Inc."));
        assertThat(lookup("91.0.0.1")).contains(new AsInfo(3320, "Deutsche Telekom AG"));
        assertThat(lookup("2003::1")).contains(new AsInfo(3320, "Deutsche Telekom AG"));
        assertThat(lookup("10.0.0.1")).isEmpty();
    }

    @Test
    void lookupThroughput() throws Exception {
        List<InetAddress> sample = GeoTestData.randomPublicAddresses(100_000);
        int found = 0;
        for (int round = 0; round < 3; round++) { // the last round is measured
            found = 0;
            long started = System.nanoTime();
            for (InetAddress address : sample) {
                if (table.lookup(address).isPresent()) {
                    found++;
                }
            }
            long took = System.nanoTime() - started;
            if (round == 2) {
                System.out.printf("ASN table: %,d lookups/s on one thread, %d%% of random public addresses found%n",
                        sample.size() * 1_000_000_000L / took, found * 100 / sample.size());
            }
        }
        assertThat(found).isGreaterThan(sample.size() / 2);
    }
}
