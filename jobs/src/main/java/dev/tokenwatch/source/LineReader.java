package dev.tokenwatch.source;

import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads records from a byte stream: one per line (blank ones too, so they are counted), or the whole stream as one record for
 * {@code .json} documents. Defends the pipeline: a line over the size limit or with invalid UTF-8
 * still becomes a record, carrying the problem, so it is dead-lettered rather than lost or fatal.
 * Plain Java so it is testable without Flink.
 */
public final class LineReader implements AutoCloseable {
    public static final int MAX_LINE_BYTES = 1024 * 1024;
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
    /** Twice what a dead letter shows: a secret crossing the dead letter's cut is still whole here, so it gets scrubbed. */
    private static final int KEPT_OF_OVERSIZED = 2 * DeadLetter.MAX_RAW_CHARS;

    private final String origin;
    private final InputStream in;
    private final boolean wholeDocument;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buffer = new byte[8192];
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long lineNumber;
    private boolean documentRead;

    public LineReader(String origin, InputStream in) {
        this.origin = origin;
        this.in = in;
        this.wholeDocument = origin.endsWith(".json");
    }

    /** The next record, or null at the end of the stream. */
    public RawRecord next() throws IOException {
        if (wholeDocument) return nextDocument();
        // Scans a chunk at a time for the newline: a read() per byte (each a synchronized call into the buffered
        // stream) cost more than everything else the reader does.
        int length = 0;
        long totalBytes = 0;
        boolean newline = false;
        while (!newline && (pos < limit || fill())) {
            int end = pos;
            while (end < limit && chunk[end] != '\n') end++;
            int n = end - pos;
            totalBytes += n;
            int copy = Math.min(n, MAX_LINE_BYTES - length);
            if (copy > 0) {
                if (length + copy > buffer.length) buffer = Arrays.copyOf(buffer, Math.min(Math.max(buffer.length * 2, length + copy), MAX_LINE_BYTES));
                System.arraycopy(chunk, pos, buffer, length, copy);
                length += copy;
            }
            newline = end < limit;
            pos = newline ? end + 1 : end;
        }
        if (!newline && totalBytes == 0) return null;
        lineNumber++;
        if (length > 0 && buffer[length - 1] == '\r') length--;
        if (totalBytes > MAX_LINE_BYTES) {
            return new RawRecord(origin, lineNumber, lossy(buffer, Math.min(length, KEPT_OF_OVERSIZED)),
                    "line is " + totalBytes + " bytes, more than the limit of " + MAX_LINE_BYTES);
        }
        return decode(buffer, length, lineNumber);
    }

    private boolean fill() throws IOException {
        int read = in.read(chunk, 0, chunk.length);
        pos = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private RawRecord nextDocument() throws IOException {
        if (documentRead) return null;
        documentRead = true;
        byte[] all = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (all.length > MAX_DOCUMENT_BYTES) {
            return new RawRecord(origin, 1, lossy(all, KEPT_OF_OVERSIZED),
                    "document is more than the limit of " + MAX_DOCUMENT_BYTES + " bytes; split it into JSON Lines (.jsonl)");
        }
        if (isBlank(all, all.length)) return null;
        lineNumber = 1;
        return decode(all, all.length, 1);
    }

    private RawRecord decode(byte[] bytes, int length, long line) {
        // a UTF-8 byte-order mark (Windows tools write one) can only start the first line of a file
        int from = line == 1 && length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        // The String constructor is the fast path; it replaces invalid bytes with U+FFFD, so only a line that shows
        // one (invalid, or a real U+FFFD) pays for the strict decoder that tells the two apart.
        String text = new String(bytes, from, length - from, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) return RawRecord.of(origin, line, text);
        try {
            return RawRecord.of(origin, line, decoder.reset().decode(ByteBuffer.wrap(bytes, from, length - from)).toString());
        } catch (CharacterCodingException e) {
            return new RawRecord(origin, line, lossy(bytes, Math.min(length, KEPT_OF_OVERSIZED)), "invalid UTF-8");
        }
    }

    private static String lossy(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte c = bytes[i];
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
