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
        int length = 0;
        long totalBytes = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            totalBytes++;
            if (length < MAX_LINE_BYTES) {
                if (length == buffer.length) buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES));
                buffer[length++] = (byte) b;
            }
        }
        if (b == -1 && totalBytes == 0) return null;
        lineNumber++;
        if (length > 0 && buffer[length - 1] == '\r') length--;
        if (totalBytes > MAX_LINE_BYTES) {
            return new RawRecord(origin, lineNumber, lossy(buffer, Math.min(length, KEPT_OF_OVERSIZED)),
                    "line is " + totalBytes + " bytes, more than the limit of " + MAX_LINE_BYTES);
        }
        return decode(buffer, length, lineNumber);
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
