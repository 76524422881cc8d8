package dev.tokenwatch.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the lines of one checkpoint wait for it to complete: hidden files next to the target, {@code .alerts.jsonl.staging-7}
 * for staged batch 7 and {@code .alerts.jsonl.staging-7.length} for the target's length recorded before that batch is
 * appended. Siblings rather than a directory, so nothing is left beside the target once every batch is committed. Names
 * only, no absolute paths, go into checkpoints, so a data directory that was moved between runs still resolves.
 */
final class StagingFiles {
    private final Path target;
    private final String prefix;

    StagingFiles(Path target) {
        this.target = target.toAbsolutePath();
        this.prefix = "." + this.target.getFileName() + ".staging-";
    }

    Path target() {
        return target;
    }

    Path staged(long batch) {
        return target.resolveSibling(prefix + batch);
    }

    Path recordedLength(long batch) {
        return target.resolveSibling(prefix + batch + ".length");
    }

    /**
     * Deletes the batches numbered above {@code restored}: written after the checkpoint the job restored from, so that
     * checkpoint does not hold them, the source reads their lines again, and no committer will ever ask for them. One
     * whose append was under way (its staging file and length record both there) is first cut off the target.
     */
    void discardAfter(long restored) throws IOException {
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) return;
        List<Path> stale;
        try (Stream<Path> files = Files.list(dir)) {
            stale = files.filter(p -> batchOf(p.getFileName().toString()) > restored).toList();
        }
        for (Path file : stale) {
            long batch = batchOf(file.getFileName().toString());
            if (file.equals(staged(batch)) && Files.exists(recordedLength(batch))) cutBack(readLength(batch));
        }
        for (Path file : stale) Files.deleteIfExists(file);
    }

    /** Undoes an append that was under way: nothing was appended after it, appends being one at a time. */
    void cutBack(long length) throws IOException {
        if (!Files.exists(target)) return;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            if (out.size() > length) out.truncate(length);
            out.force(true);
        }
    }

    /** The batch number of a staging, length or half-written length ({@code .length.tmp}) file, or -1 for any other file. */
    private long batchOf(String name) {
        if (!name.startsWith(prefix)) return -1;
        String number = name.substring(prefix.length()).split("\\.", 2)[0];
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Written to a temporary file and renamed, so a crash leaves either no record or a whole one, never a prefix of the number. */
    void recordLength(long batch, long length) throws IOException {
        Path record = recordedLength(batch);
        DurableFiles.writeAtomically(record, record.resolveSibling(record.getFileName() + ".tmp"),
                Long.toString(length).getBytes(StandardCharsets.US_ASCII));
    }

    long readLength(long batch) throws IOException {
        return Long.parseLong(Files.readString(recordedLength(batch), StandardCharsets.US_ASCII));
    }

    /** Makes creations, renames and deletions in the target's directory durable, not only the files' contents (POSIX). */
    void syncDirectory() throws IOException {
        DurableFiles.syncDirectory(target.getParent());
    }
}
