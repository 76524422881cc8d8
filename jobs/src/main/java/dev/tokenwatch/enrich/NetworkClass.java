package dev.tokenwatch.enrich;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * What kind of network an address belongs to. Only {@link #PUBLIC} addresses are looked up in
 * the GeoIP and ASN data; the others are marked with their class and nothing else.
 */
public enum NetworkClass {
    /** Globally routable unicast: looked up in the GeoIP / ASN data. */
    PUBLIC,
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), IPv6 unique local fc00::/7, deprecated site-local fec0::/10. */
    PRIVATE,
    /** 127/8 and ::1. */
    LOOPBACK,
    /** 169.254/16 and fe80::/10. */
    LINK_LOCAL,
    /** Carrier-grade NAT shared space 100.64/10 (RFC 6598). */
    CGNAT,
    /**
     * Not usable as a public source: 0/8 (incl. unspecified 0.0.0.0), 192.0.0/24 (IETF protocol
     * assignments), documentation 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 and
     * 3fff::/20, benchmarking 198.18/15 and 2001:2::/48, 240/4 (incl. broadcast 255.255.255.255),
     * IPv6 unspecified ::, discard-only 100::/64, and all IPv6 outside the global unicast 2000::/3
     * and the special blocks above.
     */
    RESERVED,
    /** 224/4 and ff00::/8. */
    MULTICAST;

    private static final List<Block> IPV4_BLOCKS = List.of(
            Block.of("0.0.0.0", 8, RESERVED),
            Block.of("10.0.0.0", 8, PRIVATE),
            Block.of("100.64.0.0", 10, CGNAT),
            Block.of("127.0.0.0", 8, LOOPBACK),
            Block.of("169.254.0.0", 16, LINK_LOCAL),
            Block.of("172.16.0.0", 12, PRIVATE),
            Block.of("192.0.0.0", 24, RESERVED),
            Block.of("192.0.2.0", 24, RESERVED),
            Block.of("192.168.0.0", 16, PRIVATE),
            Block.of("198.18.0.0", 15, RESERVED),
            Block.of("198.51.100.0", 24, RESERVED),
            Block.of("203.0.113.0", 24, RESERVED),
            Block.of("224.0.0.0", 4, MULTICAST),
            Block.of("240.0.0.0", 4, RESERVED));

    private static final List<Block> IPV6_BLOCKS = List.of(
            Block.of("::1", 128, LOOPBACK),
            Block.of("100::", 64, RESERVED),
            Block.of("2001:2::", 48, RESERVED),
            Block.of("2001:db8::", 32, RESERVED),
            Block.of("3fff::", 20, RESERVED),
            Block.of("2000::", 3, PUBLIC),
            Block.of("fc00::", 7, PRIVATE),
            Block.of("fe80::", 10, LINK_LOCAL),
            Block.of("fec0::", 10, PRIVATE),
            Block.of("ff00::", 8, MULTICAST));

    /** The class of {@code address}; IPv6 outside every listed block is {@link #RESERVED}. */
    public static NetworkClass of(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean v4 = address instanceof Inet4Address;
        for (Block block : v4 ? IPV4_BLOCKS : IPV6_BLOCKS) {
            if (block.contains(bytes)) {
                return block.networkClass;
            }
        }
        return v4 ? PUBLIC : RESERVED;
    }

    /** True for {@link #PUBLIC}. */
    public boolean isPublic() {
        return this == PUBLIC;
    }

    /** A CIDR block; first match in list order wins. */
    private static final class Block {
        private final byte[] prefix;
        private final int bits;
        private final NetworkClass networkClass;

        private Block(byte[] prefix, int bits, NetworkClass networkClass) {
            this.prefix = prefix;
            this.bits = bits;
            this.networkClass = networkClass;
        }

        static Block of(String network, int bits, NetworkClass networkClass) {
            return new Block(IpAddresses.toBytes(network), bits, networkClass);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }
}
