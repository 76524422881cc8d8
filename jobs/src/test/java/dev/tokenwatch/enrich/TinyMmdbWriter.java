package dev.tokenwatch.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0, IPv6 tree, 24-bit records) for tests, so the
 * GeoLite2-ASN / GeoIP2-ISP code path runs against a real file read by GeoIP2. Values may be
 * String, Long (written as uint32) or nested Map. IPv4 networks go under ::/96, as in MaxMind's
 * own databases. Networks must not overlap.
 */
final class TinyMmdbWriter {

    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    TinyMmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    TinyMmdbWriter add(String network, Map<String, Object> record) {
        String[] parts = network.split("/");
        byte[] address = IpAddresses.toBytes(parts[0]);
        int prefix = Integer.parseInt(parts[1]);
        if (address.length == 4) {
            byte[] v6 = new byte[16];
            System.arraycopy(address, 0, v6, 12, 4);
            address = v6;
            prefix += 96;
        }
        int offset = data.size();
        writeValue(data, record);
        Node node = root;
        for (int bit = 0; bit < prefix; bit++) {
            int side = (address[bit / 8] >> (7 - bit % 8)) & 1;
            if (bit == prefix - 1) {
                node.children[side] = offset;
            } else {
                if (!(node.children[side] instanceof Node)) {
                    node.children[side] = new Node();
                }
                node = (Node) node.children[side];
            }
        }
        return this;
    }

    void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> ids = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            ids.put(node, nodes.size());
            nodes.add(node);
            for (Object child : node.children) {
                if (child instanceof Node n) {
                    queue.add(n);
                }
            }
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object child : node.children) {
                long record = child == null ? nodeCount
                        : child instanceof Node n ? ids.get(n)
                        : nodeCount + 16L + (Integer) child;
                out.write((int) (record >>> 16));
                out.write((int) (record >>> 8));
                out.write((int) record);
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", BigInteger.valueOf(1_790_000_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "Tokenwatch test database"));
        metadata.put("ip_version", new Uint16(6));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", new Uint16(24));
        writeValue(out, metadata);
        Files.write(file, out.toByteArray());
    }

    private record Uint16(int value) {
    }

    private static void writeValue(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Uint16 u) {
            writeUnsigned(out, 5, BigInteger.valueOf(u.value()));
        } else if (value instanceof Long l) {
            writeUnsigned(out, 6, BigInteger.valueOf(l));
        } else if (value instanceof BigInteger b) {
            writeUnsigned(out, 9, b);
        } else if (value instanceof Map<?, ?> map) {
            control(out, 7, map.size());
            map.forEach((k, v) -> {
                writeValue(out, k);
                writeValue(out, v);
            });
        } else if (value instanceof List<?> list) {
            control(out, 11, list.size());
            list.forEach(v -> writeValue(out, v));
        } else {
            throw new IllegalArgumentException("unsupported value " + value);
        }
    }

    private static void writeUnsigned(ByteArrayOutputStream out, int type, BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        int length = value.signum() == 0 ? 0 : bytes.length - skip;
        control(out, type, length);
        out.write(bytes, skip, length);
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29 + 256) {
            throw new IllegalArgumentException("sizes >= 285 not supported here");
        }
        int sizeField = Math.min(size, 29);
        if (type <= 7) {
            out.write((type << 5) | sizeField);
        } else {
            out.write(sizeField);
            out.write(type - 7);
        }
        if (sizeField == 29) {
            out.write(size - 29);
        }
    }

    private static final class Node {
        final Object[] children = new Object[2];
    }
}
