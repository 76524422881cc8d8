package dev.tokenwatch.enrich;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Loads an {@link AsnTable} from ip-location-db CSV files once, then from a binary copy of the built table.
 *
 * <p>Parsing the 45 MB of CSV and flattening 400,000 ranges took a second or more of every start (a tenth of
 * the CPU of a 140,000-event replay); reading the arrays back takes a few tens of milliseconds. The copy is
 * named after a CRC-32C of the CSV files' content, not their timestamps (npm gives every file the same 1985
 * mtime), so changed data is loaded afresh. It goes beside the first CSV file, or under
 * {@code java.io.tmpdir/tokenwatch-geoip/} when that directory is not writable, and is written to a temporary
 * file moved into place, so a reader never sees half of one. A copy that cannot be read or written is not an
 * error: the CSV is what counts.
 */
final class AsnTableCache {
    private static final int FORMAT = 1;

    private AsnTableCache() {}

    static AsnTable load(List<Path> csvFiles) throws IOException {
        long started = System.nanoTime();
        String fingerprint = fingerprint(csvFiles);
        String name = "tokenwatch-asn-" + fingerprint + ".bin";
        Path beside = csvFiles.get(0).toAbsolutePath().resolveSibling(name);
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "tokenwatch-geoip", name);
        for (Path copy : List.of(beside, fallback)) {
            AsnTable table = read(copy, started);
            if (table != null) return table;
        }
        AsnTable table = AsnTable.load(csvFiles);
        if (!write(table, beside)) write(table, fallback);
        return table;
    }

    private static AsnTable read(Path copy, long started) {
        if (!Files.isReadable(copy)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(copy), 1 << 16))) {
            return in.readInt() == FORMAT ? AsnTable.read(in, started) : null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged copy: load the CSV again and replace it
        }
    }

    private static boolean write(AsnTable table, Path copy) {
        Path temp = null;
        try {
            Files.createDirectories(copy.getParent());
            temp = Files.createTempFile(copy.getParent(), copy.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                out.writeInt(FORMAT);
                table.write(out);
            }
            Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary file stays; the table is loaded all the same
                }
            }
            return false;
        }
    }

    /** CRC-32C over every file's name and content, in order. */
    static String fingerprint(List<Path> csvFiles) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        for (Path file : csvFiles) {
            crc.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) crc.update(buffer, 0, n);
            }
        }
        return String.format("%08x-%d", crc.getValue(), csvFiles.size());
    }
}
