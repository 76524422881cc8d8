package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary copy of a loaded ASN table answers as the CSV does, and never stands in for CSV it was not made from. */
class AsnTableCacheTest {
    @TempDir
    Path dir;

    private static final String CSV = String.join("\n",
            "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"",
            "8.8.8.0,8.8.8.255,15169,Google LLC",
            "20.0.0.0,20.255.255.255,8075,Microsoft Corporation",
            "20.1.0.0,20.1.0.255,64500,Nested Example",
            "40.0.0.0,40.0.0.255,64513,",
            "this,is,not,valid",
            "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC") + "\n";

    private static AsInfo lookup(AsnTable table, String ip) {
        return table.lookup(IpAddresses.parse(ip).orElseThrow()).orElse(null);
    }

    private List<Path> copies() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bin")).toList();
        }
    }

    @Test
    void theSecondLoadReadsTheCopyAndAnswersAsTheCsvDoes() throws IOException {
        Path csv = Files.writeString(dir.resolve("asn.csv"), CSV, StandardCharsets.UTF_8);
        AsnTable fromCsv = AsnTableCache.load(List.of(csv));
        assertThat(copies()).hasSize(1);

        AsnTable fromCopy = AsnTableCache.load(List.of(csv));

        for (String ip : List.of("1.0.0.1", "8.8.8.8", "20.0.0.1", "20.1.0.7", "40.0.0.1", "2001:4860::8888", "9.9.9.9")) {
            assertThat(lookup(fromCopy, ip)).as(ip).isEqualTo(lookup(fromCsv, ip));
        }
        assertThat(lookup(fromCopy, "20.1.0.7")).isEqualTo(new AsInfo(64500, "Nested Example"));
        assertThat(lookup(fromCopy, "40.0.0.1")).isEqualTo(new AsInfo(64513, null));
        assertThat(fromCopy.skippedLines()).isEqualTo(fromCsv.skippedLines()).isEqualTo(1);
        assertThat(fromCopy.skippedExamples()).isEqualTo(fromCsv.skippedExamples());
        assertThat(fromCopy.ipv4RangeCount()).isEqualTo(fromCsv.ipv4RangeCount());
        assertThat(fromCopy.ipv6RangeCount()).isEqualTo(fromCsv.ipv6RangeCount());
    }

    @Test
    void changedCsvIsLoadedAfreshEvenWithTheSameTimestamp() throws IOException {
        Path csv = Files.writeString(dir.resolve("asn.csv"), CSV, StandardCharsets.UTF_8);
        var modified = Files.getLastModifiedTime(csv);
        AsnTableCache.load(List.of(csv));

        Files.writeString(csv, CSV.replace("Google LLC", "Google Two"), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(csv, modified);

        assertThat(lookup(AsnTableCache.load(List.of(csv)), "8.8.8.8")).isEqualTo(new AsInfo(15169, "Google Two"));
    }

    @Test
    void aDamagedCopyIsReplacedFromTheCsv() throws IOException {
        Path csv = Files.writeString(dir.resolve("asn.csv"), CSV, StandardCharsets.UTF_8);
        AsnTableCache.load(List.of(csv));
        Path copy = copies().get(0);
        byte[] bytes = Files.readAllBytes(copy);
        Files.write(copy, Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(lookup(AsnTableCache.load(List.of(csv)), "8.8.8.8")).isEqualTo(new AsInfo(15169, "Google LLC"));
        assertThat(Files.size(copy)).isEqualTo(bytes.length);
    }
}
