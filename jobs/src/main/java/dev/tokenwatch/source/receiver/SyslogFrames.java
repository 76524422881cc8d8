package dev.tokenwatch.source.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Messages from a TCP syslog stream, in either framing of RFC 6587: octet counting ({@code LEN SP MSG}, what a
 * message starting with a digit and a space-ended length is) or non-transparent framing (each message ends at LF, as
 * Go's {@code log/syslog} writes). A message over the limit is read to its end and discarded, so the next one is
 * found and the connection stays usable; only its first bytes are kept, for the dead letter.
 */
final class SyslogFrames {
    /** A length beyond this many digits is not a length but the start of a line (a bare Harbor line starts 2026-). */
    private static final int MAX_LENGTH_DIGITS = 9;
    static final int KEPT_OF_OVERSIZED = 4096;

    /**
     * @param text      the message, without its framing and trailing line end; a prefix when oversized
     * @param bytes     how many bytes the message had
     * @param oversized whether it was over the limit (and {@code text} only its beginning)
     */
    record Frame(String text, long bytes, boolean oversized) {}

    private final InputStream in;
    private final int maxMessageBytes;

    SyslogFrames(InputStream in, int maxMessageBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The next message, or null at the end of the stream. Blank lines between messages are skipped. */
    Frame next() throws IOException {
        int first;
        do {
            first = in.read();
        } while (first == '\n' || first == '\r');
        if (first < 0) return null;
        Bytes message = new Bytes(maxMessageBytes);
        if (Character.isDigit(first)) {
            StringBuilder digits = new StringBuilder().append((char) first);
            int c = in.read();
            while (c >= 0 && Character.isDigit(c) && digits.length() <= MAX_LENGTH_DIGITS) {
                digits.append((char) c);
                c = in.read();
            }
            if (c == ' ' && digits.length() <= MAX_LENGTH_DIGITS) return counted(Long.parseLong(digits.toString()), message);
            // Not a length: what was read so far is the start of an LF-ended message.
            for (int i = 0; i < digits.length(); i++) message.add(digits.charAt(i));
            if (c < 0 || c == '\n') return message.frame();
            message.add(c);
        } else {
            message.add(first);
        }
        int c;
        while ((c = in.read()) >= 0 && c != '\n') message.add(c);
        return message.frame();
    }

    private Frame counted(long length, Bytes message) throws IOException {
        for (long i = 0; i < length; i++) {
            int c = in.read();
            if (c < 0) break; // the sender closed mid-message: keep what came, the job judges it
            message.add(c);
        }
        return message.frame();
    }

    /** A message's bytes up to the limit, and how many there were in all. */
    private static final class Bytes {
        private final int limit;
        private byte[] data = new byte[256];
        private int kept;
        private long total;

        Bytes(int limit) {
            this.limit = limit;
        }

        void add(int b) {
            total++;
            if (total > limit && kept >= Math.min(limit, KEPT_OF_OVERSIZED)) return;
            if (kept == data.length) data = java.util.Arrays.copyOf(data, Math.min(Math.max(limit, 1), data.length * 2));
            if (kept < data.length) data[kept++] = (byte) b;
        }

        Frame frame() {
            boolean oversized = total > limit;
            int length = oversized ? Math.min(kept, KEPT_OF_OVERSIZED) : kept;
            String text = new String(data, 0, length, StandardCharsets.UTF_8).stripTrailing();
            // The spool holds one message per line: a line end inside one (octet counting allows it) becomes a space.
            return new Frame(text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '), total, oversized);
        }
    }
}
