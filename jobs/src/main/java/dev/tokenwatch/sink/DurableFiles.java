package dev.tokenwatch.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files that survive a crash of the process or the machine, whole or not at all. */
public final class DurableFiles {
    private DurableFiles() {}

    /**
     * Writes {@code bytes} to {@code temp}, fsyncs it, renames it to {@code target} and fsyncs the directory: a crash
     * leaves either no target or a whole one, and a reader never sees a prefix. A failed write leaves no temp behind.
     */
    public static void writeAtomically(Path target, Path temp, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) out.write(buffer);
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Makes creations, renames and deletions in {@code dir} durable, not only the files' contents (POSIX). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
