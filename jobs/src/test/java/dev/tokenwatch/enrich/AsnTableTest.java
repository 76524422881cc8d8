package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AsnTable on small CSV files written here; the real data is in {@link AsnTableRealDataTest}. */
class AsnTableTest {

    @TempDir
    static Path dir;

    static AsnTable table;
    static Path csv;

    @BeforeAll
    static void load() throws IOException {
        csv = dir.resolve("asn-test.csv");
        Files.writeString(csv, String.join("\n",
                "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"",                       // 1
                "2.26.200.0,2.26.215.255,201907,\"LLC \"\"SPUTNIK\"\"\"",               // 2
                "8.8.8.0,8.8.8.255,15169,Google LLC",                                   // 3
                "8.8.9.0,8.8.9.255,15169,Google LLC",                                   // 4: adjacent, merged
                "this,is,not,valid",                                                    // 5: bad
                "9.9.9.0,9.9.9.255,AS19281,Quad9",                                      // 6: bad AS number
                "10.1.0.0,10.1.0.255,1,\"unterminated",                                 // 7: bad quoting
                "",                                                                     // 8: ignored
                "# a comment",                                                          // 9: ignored
                "20.0.0.0,20.255.255.255,8075,Microsoft Corporation",                   // 10
                "20.1.0.0,20.1.0.255,64500,Nested Example",                             // 11: nested in 10
                "214.95.0.0,215.0.255.255,749,United States Department of Defense (DoD)", // 12
                "215.0.0.0,215.1.3.255,721,DoD Network Information Center",            // 13: overlaps 12
                "30.0.0.9,30.0.0.1,64501,Backwards",                                    // 14: bad, ends first
                "255.255.255.0,255.255.255.255,64512,End Of Space",                     // 15
                "40.0.0.0,40.0.0.255,64513,",                                           // 16: no org name
                "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC", // 17
                "2003::,2003:1fff:ffff:ffff:ffff:ffff:ffff:ffff,3320,Deutsche Telekom AG", // 18
                "1.2.3.0,2001::1,64514,Mixed Families"                                  // 19: bad
        ) + "\n", StandardCharsets.UTF_8);
        table = AsnTable.load(csv);
    }

    static Optional<AsInfo> lookup(String ip) {
        return table.lookup(IpAddresses.parse(ip).orElseThrow());
    }

    @Test
    void findsTheAsOfAnAddressInARange() {
        assertThat(lookup("8.8.8.8")).contains(new AsInfo(15169, "Google LLC"));
        assertThat(lookup("2001:4860:4860::8888")).contains(new AsInfo(15169, "Google LLC"));
        assertThat(lookup("2003:e1:2f00::1")).contains(new AsInfo(3320, "Deutsche Telekom AG"));
    }

    @Test
    void readsQuotedOrganizationsWithCommasAndQuotes() {
        assertThat(lookup("1.0.0.1")).contains(new AsInfo(13335, "Cloudflare, Inc."));
        assertThat(lookup("2.26.200.1")).contains(new AsInfo(201907, "LLC \"SPUTNIK\""));
    }

    @Test
    void rangeBoundsAreInclusive() {
        assertThat(lookup("1.0.0.0")).map(AsInfo::number).contains(13335L);
        assertThat(lookup("1.0.0.255")).map(AsInfo::number).contains(13335L);
        assertThat(lookup("0.255.255.255")).isEmpty();
        assertThat(lookup("1.0.1.0")).isEmpty();
        assertThat(lookup("255.255.255.255")).map(AsInfo::number).contains(64512L);
        assertThat(lookup("2003:1fff:ffff:ffff:ffff:ffff:ffff:ffff")).map(AsInfo::number).contains(3320L);
        assertThat(lookup("2003:2000::")).isEmpty();
    }

    @Test
    void addressesOutsideEveryRangeHaveNoAs() {
        assertThat(lookup("0.0.0.0")).isEmpty();
        assertThat(lookup("5.5.5.5")).isEmpty();
        assertThat(lookup("::")).isEmpty();
        assertThat(lookup("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEmpty();
    }

    @Test
    void nestedRangeWinsInsideAndContainerKeepsBothSides() {
        assertThat(lookup("20.0.255.255")).map(AsInfo::number).contains(8075L);
        assertThat(lookup("20.1.0.0")).map(AsInfo::number).contains(64500L);
        assertThat(lookup("20.1.0.255")).map(AsInfo::number).contains(64500L);
        assertThat(lookup("20.1.1.0")).map(AsInfo::number).contains(8075L);
        assertThat(lookup("20.255.255.255")).map(AsInfo::number).contains(8075L);
    }

    @Test
    void overlappingRangeThatStartsLaterWins() {
        assertThat(lookup("214.255.255.255")).map(AsInfo::number).contains(749L);
        assertThat(lookup("215.0.0.0")).map(AsInfo::number).contains(721L);
        assertThat(lookup("215.1.3.255")).map(AsInfo::number).contains(721L);
    }

    @Test
    void missingOrganizationIsNull() {
        assertThat(lookup("40.0.0.1")).contains(new AsInfo(64513, null));
    }

    @Test
    void badLinesAreSkippedAndCounted() {
        assertThat(table.skippedLines()).isEqualTo(5);
        assertThat(table.skippedExamples()).hasSize(5);
        assertThat(table.skippedExamples().get(0)).startsWith(csv + ":5: ");
        assertThat(table.skippedExamples()).anySatisfy(e -> assertThat(e).contains(":6: bad AS number"));
        assertThat(table.skippedExamples()).anySatisfy(e -> assertThat(e).contains(":7: malformed quoting"));
        assertThat(table.skippedExamples()).anySatisfy(e -> assertThat(e).contains(":14: range ends before it starts"));
        assertThat(table.skippedExamples()).anySatisfy(e -> assertThat(e).contains(":19: range mixes IPv4 and IPv6"));
    }

    @Test
    void mergesAdjacentRangesAndSharesAsEntries() {
        assertThat(lookup("8.8.9.255")).map(AsInfo::number).contains(15169L);
        // 1.0.0/24, 2.26.200/21, 8.8.8-9/24 merged, 20/8 split in 3, 214.95-215.0, 215.0-215.1, 40.0.0/24, 255.255.255/24
        assertThat(table.ipv4RangeCount()).isEqualTo(10);
        assertThat(table.ipv6RangeCount()).isEqualTo(2);
        assertThat(lookup("8.8.8.8").orElseThrow()).isSameAs(lookup("2001:4860::1").orElseThrow());
        assertThat(table.asInfoCount()).isEqualTo(10);
    }

    @Test
    void loadsSeveralFilesAndGzip() throws IOException {
        Path extra = dir.resolve("extra.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(extra))) {
            out.write("5.5.5.0,5.5.5.255,64600,Extra Networks\n".getBytes(StandardCharsets.UTF_8));
        }
        AsnTable both = AsnTable.load(csv, extra);
        assertThat(both.lookup(InetAddress.getByAddress(new byte[] {5, 5, 5, 5}))).contains(new AsInfo(64600, "Extra Networks"));
        assertThat(both.lookup(InetAddress.getByAddress(new byte[] {8, 8, 8, 8}))).map(AsInfo::number).contains(15169L);
    }

    @Test
    void flatteningAgreesWithBruteForceOnRandomOverlaps() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<AddressRange> ranges = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                long start = random.nextInt(100);
                long end = start + random.nextInt(40);
                ranges.add(new AddressRange(0, start, 0, end, i));
            }
            List<AddressRange> flat = RangeFlattener.flatten(ranges);
            for (long x = 0; x < 150; x++) {
                assertThat(valueIn(flat, x)).as("round %d, key %d, ranges %s", round, x, ranges)
                        .isEqualTo(bruteForce(ranges, x));
            }
            for (int i = 1; i < flat.size(); i++) {
                assertThat(flat.get(i).startLo()).isGreaterThan(flat.get(i - 1).endLo());
            }
        }
    }

    @Test
    void flatteningCarriesAcrossTheLow64Bits() {
        List<AddressRange> flat = RangeFlattener.flatten(List.of(
                new AddressRange(0, 0, 5, 0, 1),          // container
                new AddressRange(0, -16, 1, 15, 2),       // nested, crosses hi 0 -> 1
                new AddressRange(-1L, -2, -1L, -1L, 3)));  // ends at the last address
        assertThat(flat).containsExactly(
                new AddressRange(0, 0, 0, -17, 1),
                new AddressRange(0, -16, 1, 15, 2),
                new AddressRange(1, 16, 5, 0, 1),
                new AddressRange(-1L, -2, -1L, -1L, 3));
    }

    private static int valueIn(List<AddressRange> flat, long key) {
        for (AddressRange r : flat) {
            if (r.startLo() <= key && key <= r.endLo()) {
                return r.value();
            }
        }
        return -1;
    }

    /** Among the ranges holding key: latest start, then narrowest, then last given. */
    private static int bruteForce(List<AddressRange> ranges, long key) {
        AddressRange best = null;
        for (AddressRange r : ranges) {
            if (r.startLo() <= key && key <= r.endLo()) {
                if (best == null || r.startLo() > best.startLo()
                        || (r.startLo() == best.startLo() && r.endLo() <= best.endLo())) {
                    best = r;
                }
            }
        }
        return best == null ? -1 : best.value();
    }
}
