package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipDatabaseCacheTest {

    @TempDir
    Path dir;

    static final FileTime NPM_MTIME = FileTime.fromMillis(499_162_500_000L); // npm tarballs: 1985-10-26

    private Path gzip(String content) throws IOException {
        Path gz = dir.resolve("Test-City.mmdb.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(gz, NPM_MTIME);
        return gz;
    }

    @Test
    void decompressesOnceToASiblingAndReusesIt() throws IOException {
        Path gz = gzip("version one");
        Path cache = GzipDatabaseCache.decompressed(gz);
        assertThat(cache).isEqualTo(dir.resolve("Test-City.mmdb").toAbsolutePath());
        assertThat(cache).hasContent("version one");
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(cache, written);

        assertThat(GzipDatabaseCache.decompressed(gz)).isEqualTo(cache);
        assertThat(Files.getLastModifiedTime(cache)).as("not rewritten").isEqualTo(written);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Test-City.mmdb.gz", "Test-City.mmdb", "Test-City.mmdb.source");
        }
    }

    @Test
    void replacesTheCacheWhenTheArchiveChangesEvenWithTheSameTimestamp() throws IOException {
        Path cache = GzipDatabaseCache.decompressed(gzip("version one"));
        assertThat(GzipDatabaseCache.decompressed(gzip("version two"))).isEqualTo(cache);
        assertThat(cache).hasContent("version two");
    }

    @Test
    void replacesATruncatedOrForeignCache() throws IOException {
        Path gz = gzip("the real database");
        Path cache = GzipDatabaseCache.decompressed(gz);
        Files.writeString(cache, "the real");
        assertThat(GzipDatabaseCache.decompressed(gz)).hasContent("the real database");
        Files.delete(dir.resolve("Test-City.mmdb.source"));
        Files.writeString(cache, "something else entirely");
        assertThat(GzipDatabaseCache.decompressed(gz)).hasContent("the real database");
    }

    @Test
    void corruptArchiveFailsAndLeavesNoPartialFile() throws IOException {
        StringBuilder random = new StringBuilder();
        java.util.Random seeded = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            random.append(Integer.toHexString(seeded.nextInt()));
        }
        Path gz = gzip(random.toString());
        byte[] bytes = Files.readAllBytes(gz);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(gz, bytes);
        assertThatThrownBy(() -> GzipDatabaseCache.decompressed(gz)).isInstanceOf(IOException.class);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("Test-City.mmdb.gz");
        }
    }
}
