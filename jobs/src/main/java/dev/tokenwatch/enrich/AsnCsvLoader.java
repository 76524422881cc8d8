package dev.tokenwatch.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads ip-location-db ASN CSV files ({@code start_ip,end_ip,asn,org}; org optional and possibly
 * quoted) into address ranges plus a deduplicated table of {@link AsInfo}. Blank lines and lines
 * starting with {@code #} are ignored; any other line that does not parse is skipped and counted.
 */
final class AsnCsvLoader {

    private static final int MAX_EXAMPLES = 5;
    private static final long MAX_AS_NUMBER = 0xFFFF_FFFFL;

    private final Map<AsInfo, Integer> infoIndex = new HashMap<>();
    private final List<AsInfo> infos = new ArrayList<>();
    private final Map<String, String> organizations = new HashMap<>();
    private final List<AddressRange> ipv4 = new ArrayList<>();
    private final List<AddressRange> ipv6 = new ArrayList<>();
    private final List<String> skippedExamples = new ArrayList<>();
    private long skippedLines;

    /** Reads one CSV file ({@code .gz} is decompressed on the fly); undecodable bytes become U+FFFD. */
    void load(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPLACE)
                     .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String problem = accept(line);
                if (problem != null) {
                    skippedLines++;
                    if (skippedExamples.size() < MAX_EXAMPLES) {
                        skippedExamples.add(file + ":" + lineNumber + ": " + problem);
                    }
                }
            }
        }
    }

    /** Adds the line's range; returns null, or why the line was skipped. */
    private String accept(String line) {
        List<String> fields = CsvLineSplitter.split(line);
        if (fields == null) {
            return "malformed quoting";
        }
        if (fields.size() < 3 || fields.size() > 4) {
            return "expected 4 fields (start_ip,end_ip,asn,org), found " + fields.size();
        }
        byte[] start = IpAddresses.toBytes(fields.get(0));
        byte[] end = IpAddresses.toBytes(fields.get(1));
        if (start == null || end == null) {
            return "not an IP address range";
        }
        if (isIpv4Mapped(start) && isIpv4Mapped(end)) {
            start = lastFour(start);
            end = lastFour(end);
        }
        if (start.length != end.length) {
            return "range mixes IPv4 and IPv6";
        }
        long number = parseAsNumber(fields.get(2));
        if (number < 0) {
            return "bad AS number";
        }
        String org = fields.size() == 4 && !fields.get(3).isBlank() ? fields.get(3).strip() : null;
        if (AddressRange.compare(high(start), low(start), high(end), low(end)) > 0) {
            return "range ends before it starts";
        }
        AddressRange range = new AddressRange(high(start), low(start), high(end), low(end), indexOf(number, org));
        (start.length == 4 ? ipv4 : ipv6).add(range);
        return null;
    }

    private int indexOf(long number, String org) {
        String name = org == null ? null : organizations.computeIfAbsent(org, o -> o);
        AsInfo info = new AsInfo(number, name);
        Integer index = infoIndex.get(info);
        if (index == null) {
            index = infos.size();
            infos.add(info);
            infoIndex.put(info, index);
        }
        return index;
    }

    private static long parseAsNumber(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_AS_NUMBER ? value : -1;
    }

    static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] lastFour(byte[] bytes) {
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    /** Upper 64 bits of an address key (0 for IPv4). */
    static long high(byte[] bytes) {
        return bytes.length == 4 ? 0 : toLong(bytes, 0);
    }

    /** Lower 64 bits of an address key (the unsigned address for IPv4). */
    static long low(byte[] bytes) {
        if (bytes.length == 4) {
            return ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL);
        }
        return toLong(bytes, 8);
    }

    private static long toLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xffL);
        }
        return value;
    }

    List<AddressRange> ipv4Ranges() {
        return ipv4;
    }

    List<AddressRange> ipv6Ranges() {
        return ipv6;
    }

    List<AsInfo> infos() {
        return infos;
    }

    long skippedLines() {
        return skippedLines;
    }

    List<String> skippedExamples() {
        return skippedExamples;
    }
}
