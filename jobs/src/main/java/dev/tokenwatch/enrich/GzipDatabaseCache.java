package dev.tokenwatch.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses a {@code .mmdb.gz} once into a sibling {@code .mmdb} that can be memory-mapped,
 * and reuses it while it is up to date.
 *
 * <p>"Up to date" is judged by content, not timestamps (npm tarballs give every file the same
 * 1985 mtime): a stamp file {@code <name>.mmdb.source} records the gzip trailer (CRC-32 and
 * length of the uncompressed data) and the size of the {@code .gz}; the cache is reused when the
 * stamp matches and the cache has the recorded length. The cache is written to a temporary file
 * and moved into place atomically, so readers never see a partial database; in one JVM,
 * concurrent callers wait for a single decompression. If the directory is not writable, the cache
 * goes to {@code java.io.tmpdir/tokenwatch-geoip/<crc>/} instead.
 */
final class GzipDatabaseCache {

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private GzipDatabaseCache() {
    }

    /** The decompressed database for {@code gz}, decompressing only if needed. */
    static Path decompressed(Path gz) throws IOException {
        Fingerprint fingerprint = Fingerprint.of(gz);
        String name = gz.getFileName().toString().replaceFirst("(?i)\\.gz$", "");
        Path target = gz.toAbsolutePath().resolveSibling(name);
        try {
            return decompressTo(gz, target, fingerprint);
        } catch (ReadOnlyDirectoryException e) {
            Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "tokenwatch-geoip",
                    String.format("%08x-%d", fingerprint.crc32, fingerprint.uncompressedSize), name);
            Files.createDirectories(fallback.getParent());
            return decompressTo(gz, fallback, fingerprint);
        }
    }

    private static Path decompressTo(Path gz, Path target, Fingerprint fingerprint) throws IOException {
        Path stamp = target.resolveSibling(target.getFileName() + ".source");
        if (isUpToDate(target, stamp, fingerprint)) {
            return target;
        }
        synchronized (LOCKS.computeIfAbsent(target, k -> new Object())) {
            if (isUpToDate(target, stamp, fingerprint)) {
                return target;
            }
            Path tmp = tempSibling(target);
            try {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                    Files.copy(in, tmp); // GZIPInputStream checks the CRC at the end
                } catch (FileSystemException e) {
                    throw readOnly(e);
                }
                Files.deleteIfExists(stamp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Path stampTmp = tempSibling(stamp);
                Files.writeString(stampTmp, fingerprint.text(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                Files.move(stampTmp, stamp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        }
    }

    /** A fresh name next to {@code file}; created by the caller with the usual permissions (umask). */
    private static Path tempSibling(Path file) {
        return file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static IOException readOnly(FileSystemException e) {
        boolean readOnly = e instanceof AccessDeniedException || String.valueOf(e.getReason()).contains("Read-only");
        return readOnly ? new ReadOnlyDirectoryException(e) : e;
    }

    private static boolean isUpToDate(Path target, Path stamp, Fingerprint fingerprint) throws IOException {
        if (!Files.isRegularFile(target) || !Files.isRegularFile(stamp)) {
            return false;
        }
        try {
            return Files.readString(stamp, StandardCharsets.US_ASCII).equals(fingerprint.text())
                    && (Files.size(target) & 0xFFFF_FFFFL) == fingerprint.uncompressedSize;
        } catch (IOException unreadableStamp) {
            return false;
        }
    }

    /** The gzip trailer (CRC-32 and length mod 2^32 of the content) plus the compressed size. */
    private record Fingerprint(long crc32, long uncompressedSize, long gzSize) {

        static Fingerprint of(Path gz) throws IOException {
            try (FileChannel channel = FileChannel.open(gz, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size < 18) {
                    throw new IOException("not a gzip file (too short): " + gz);
                }
                ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                while (trailer.hasRemaining()) {
                    if (channel.read(trailer, size - 8 + trailer.position()) < 0) {
                        throw new IOException("cannot read gzip trailer: " + gz);
                    }
                }
                trailer.flip();
                return new Fingerprint(trailer.getInt() & 0xFFFF_FFFFL, trailer.getInt() & 0xFFFF_FFFFL, size);
            }
        }

        String text() {
            return String.format("gzip-crc32=%08x uncompressed-size-mod-2^32=%d gz-size=%d%n",
                    crc32, uncompressedSize, gzSize);
        }
    }

    /** The cache directory cannot be written; fall back to the temp directory. */
    private static final class ReadOnlyDirectoryException extends IOException {
        private static final long serialVersionUID = 1L;

        ReadOnlyDirectoryException(IOException cause) {
            super(cause);
        }
    }
}
