package dev.tokenwatch.enrich;

/**
 * The network an address belongs to when nothing better is known: its /24 (IPv4) or /48 (IPv6),
 * the smallest blocks routed on the Internet, so one customer's or one provider pool's addresses
 * mostly share one.
 */
public final class NetworkPrefix {
    private NetworkPrefix() {}

    /** {@code 80.130.1.0/24}, {@code 2001:db8:1::/48}; null for text that is not an IP address. */
    public static String of(String ip) {
        byte[] b = IpAddresses.toBytes(ip);
        if (b == null) return null;
        if (b.length == 4) return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
        return Integer.toHexString(group(b, 0)) + ":" + Integer.toHexString(group(b, 1)) + ":"
                + Integer.toHexString(group(b, 2)) + "::/48";
    }

    private static int group(byte[] b, int i) {
        return ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
}
