package dev.tokenwatch.source.receiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One open log file read into lines from a byte offset: complete lines only, a partial last line waits for its
 * newline (the writer may be in the middle of it). The file stays open, so after a rename or a deletion the lines
 * still in it can be read to the end.
 */
final class TailedFile implements AutoCloseable {
    /** Of an oversized line, the bytes kept for its dead letter. */
    static final int KEPT_OF_OVERSIZED = 4096;

    interface Lines {
        /**
         * A complete line, without its {@code \n} (or {@code \r\n}).
         *
         * @param end the offset after its newline: where reading resumes once it is stored
         * @return whether to go on reading
         */
        boolean line(String text, long start, long end);

        /** A line over the limit: its length and its first {@link #KEPT_OF_OVERSIZED} bytes. */
        void oversized(String head, long bytes, long start, long end);
    }

    private final Path path;
    private final String key;
    private final FileChannel channel;
    private final int maxLineBytes;
    private final long openedAt;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineStart;
    private long lineBytes;
    private long readTo;

    private TailedFile(Path path, String key, FileChannel channel, int maxLineBytes, long offset) {
        this.path = path;
        this.key = key;
        this.channel = channel;
        this.maxLineBytes = maxLineBytes;
        this.openedAt = offset;
        seek(offset);
    }

    static TailedFile open(Path path, int maxLineBytes, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new TailedFile(path, keyOf(Files.readAttributes(path, BasicFileAttributes.class)), channel, maxLineBytes, offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file's identity: the inode on Linux, {@code "null"} on a filesystem that has none (rotation then shows only as shrinking). */
    static String keyOf(BasicFileAttributes attributes) {
        return String.valueOf(attributes.fileKey());
    }

    Path path() {
        return path;
    }

    String key() {
        return key;
    }

    /** The offset reading began at. */
    long openedAt() {
        return openedAt;
    }

    /** The offset after the last complete line: what is safe to record once the lines before it are stored. */
    long consumed() {
        return lineStart;
    }

    /** How far the file has been read, the held partial line included. */
    long readTo() {
        return readTo;
    }

    /** Whether the file is now shorter than what was read from it: truncated in place ({@code copytruncate}). */
    boolean truncated() throws IOException {
        return channel.size() < readTo;
    }

    /** Reads on from {@code offset}, forgetting a held partial line. */
    void seek(long offset) {
        lineStart = offset;
        readTo = offset;
        lineBytes = 0;
        line.reset();
    }

    /** Reads to the end of the file as it is now, handing over each complete line; returns the bytes read. */
    long read(Lines lines) throws IOException {
        long before = readTo;
        while (true) {
            buffer.clear();
            int n = channel.read(buffer, readTo);
            if (n <= 0) return readTo - before;
            byte[] bytes = buffer.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] != '\n') continue;
                append(bytes, from, i - from);
                from = i + 1;
                long end = readTo + from;
                if (!complete(lines, end)) {
                    readTo = end;
                    return readTo - before;
                }
            }
            append(bytes, from, n - from);
            readTo += n;
        }
    }

    /**
     * Hands over a held partial line as it is: for a file that is finished (rotated away and quiet), where no
     * newline will come.
     */
    boolean finish(Lines lines) {
        return readTo == lineStart || complete(lines, readTo);
    }

    private boolean complete(Lines lines, long end) {
        long start = lineStart;
        long bytes = lineBytes;
        byte[] kept = line.toByteArray();
        lineStart = end;
        lineBytes = 0;
        line.reset();
        if (bytes > maxLineBytes) {
            lines.oversized(new String(kept, 0, Math.min(kept.length, KEPT_OF_OVERSIZED), StandardCharsets.UTF_8), bytes, start, end);
            return true;
        }
        int length = kept.length > 0 && kept[kept.length - 1] == '\r' ? kept.length - 1 : kept.length;
        return lines.line(new String(kept, 0, length, StandardCharsets.UTF_8), start, end);
    }

    /** Keeps at most the limit of a line in memory, and counts all of it. */
    private void append(byte[] bytes, int from, int length) {
        lineBytes += length;
        int room = maxLineBytes - line.size();
        if (room > 0) line.write(bytes, from, Math.min(room, length));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
