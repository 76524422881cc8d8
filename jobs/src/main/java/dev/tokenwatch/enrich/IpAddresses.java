package dev.tokenwatch.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict parsing of IP address literals, without any name resolution.
 *
 * <p>{@link InetAddress#getByName(String)} resolves anything that is not a literal through DNS,
 * so it must never see untrusted input. This class validates the text itself and only hands
 * {@link InetAddress#getByAddress(byte[])} the raw bytes, which never touches the network.
 *
 * <p>Accepted: IPv4 dotted quads ({@code 192.0.2.1}; four decimal parts 0-255, no leading zeros,
 * since {@code 010} is octal to some parsers), IPv6 in any RFC 4291 text form ({@code 2001:db8::1},
 * {@code ::}, {@code ::ffff:192.0.2.1}) and bracketed IPv6 ({@code [2001:db8::1]}). Rejected:
 * host names, zone ids ({@code fe80::1%eth0}), surrounding whitespace, ports (see
 * {@link #stripPort(String)}), and anything longer than {@value #MAX_LITERAL_LENGTH} characters.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) come back as the plain
 * {@link java.net.Inet4Address}, as Java does for them.
 */
public final class IpAddresses {

    /** Longest accepted literal: 45 characters of IPv6 text plus brackets. */
    public static final int MAX_LITERAL_LENGTH = 47;

    private IpAddresses() {
    }

    /** Parses an IP literal; empty for anything else (never does a DNS lookup). */
    public static Optional<InetAddress> parse(String text) {
        byte[] bytes = toBytes(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) { // only thrown for a wrong array length
            throw new IllegalStateException(impossible);
        }
    }

    /** True if {@code text} is an IP literal this class accepts. */
    public static boolean isValid(String text) {
        return toBytes(text) != null;
    }

    /**
     * The address part of "address[:port]": {@code 1.2.3.4:5678 -> 1.2.3.4},
     * {@code [2001:db8::1]:443 -> 2001:db8::1}, {@code [2001:db8::1] -> 2001:db8::1}; plain IPv6
     * and plain IPv4 come back unchanged. Surrounding whitespace is trimmed. Only a numeric port is
     * stripped; the result is not validated (pass it to {@link #parse(String)}). Null stays null.
     */
    public static String stripPort(String addr) {
        if (addr == null) {
            return null;
        }
        String s = addr.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0) {
                String rest = s.substring(close + 1);
                if (rest.isEmpty() || (rest.charAt(0) == ':' && isPort(rest, 1))) {
                    return s.substring(1, close);
                }
            }
            return s;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':') && isPort(s, colon + 1)) {
            return s.substring(0, colon);
        }
        return s;
    }

    private static boolean isPort(String s, int from) {
        int length = s.length() - from;
        if (length < 1 || length > 5) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The 4 or 16 address bytes of a literal, or null if it is not one. */
    static byte[] toBytes(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LITERAL_LENGTH) {
            return null;
        }
        int from = 0;
        int to = text.length();
        if (text.charAt(0) == '[') {
            if (text.charAt(to - 1) != ']') {
                return null;
            }
            return parseIpv6(text, 1, to - 1);
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text, from, to) : parseIpv4(text, from, to);
    }

    /** Dotted quad in {@code s[from, to)}, or null. */
    static byte[] parseIpv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && isDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part == 4) {
                return i == to ? out : null;
            }
            if (i >= to || s.charAt(i) != '.') {
                return null;
            }
            i++;
        }
    }

    /** IPv6 text (no brackets, no zone) in {@code s[from, to)}, or null. */
    static byte[] parseIpv6(String s, int from, int to) {
        if (to - from < 2) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1; // index in groups where "::" stands
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return null;
            }
            gapAt = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && hexValue(s.charAt(i)) >= 0) {
                value = (value << 4) | hexValue(s.charAt(i));
                i++;
                if (i - start > 4) {
                    return null;
                }
            }
            if (i < to && s.charAt(i) == '.') { // embedded IPv4 in the last 32 bits
                if (count > 6) {
                    return null;
                }
                byte[] v4 = parseIpv4(s, start, to);
                if (v4 == null) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                i = to;
                break;
            }
            if (i == start || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return null;
                }
                gapAt = count;
                i++;
            } else if (i == to) {
                return null; // trailing single colon
            }
        }
        if (gapAt >= 0) {
            if (count > 7) {
                return null;
            }
            int tail = count - gapAt;
            System.arraycopy(groups, gapAt, groups, 8 - tail, tail);
            for (int g = gapAt; g < 8 - tail; g++) {
                groups[g] = 0;
            }
        } else if (count != 8) {
            return null;
        }
        byte[] out = new byte[16];
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (groups[g] >>> 8);
            out[2 * g + 1] = (byte) groups[g];
        }
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
