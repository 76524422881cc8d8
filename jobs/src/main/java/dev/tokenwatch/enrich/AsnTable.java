package dev.tokenwatch.enrich;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * IP range to autonomous system table, loaded from ip-location-db CSV files
 * ({@code start_ip,end_ip,asn,org}) into sorted primitive arrays and searched by binary search.
 * Organization names and (number, name) pairs are deduplicated, so a lookup allocates nothing
 * but the returned {@link Optional}.
 *
 * <p>Bad lines are skipped and counted ({@link #skippedLines()}), never fatal. Overlapping
 * ranges are resolved in favour of the one that starts later (the more specific one when nested).
 * Immutable once loaded, so safe to share between threads.
 */
public final class AsnTable implements AsnLookup {

    private final Ipv4RangeTable ipv4;
    private final Ipv6RangeTable ipv6;
    private final AsInfo[] infos;
    private final long skippedLines;
    private final List<String> skippedExamples;
    private final Duration loadTime;

    private AsnTable(Ipv4RangeTable ipv4, Ipv6RangeTable ipv6, AsInfo[] infos, long skippedLines,
                     List<String> skippedExamples, Duration loadTime) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.infos = infos;
        this.skippedLines = skippedLines;
        this.skippedExamples = List.copyOf(skippedExamples);
        this.loadTime = loadTime;
    }

    /** Loads and merges the given CSV files (plain or {@code .gz}); IPv4 and IPv6 lines may be in any file. */
    public static AsnTable load(List<Path> csvFiles) throws IOException {
        long started = System.nanoTime();
        AsnCsvLoader loader = new AsnCsvLoader();
        for (Path file : csvFiles) {
            loader.load(file);
        }
        Ipv4RangeTable ipv4 = new Ipv4RangeTable(RangeFlattener.flatten(loader.ipv4Ranges()));
        Ipv6RangeTable ipv6 = new Ipv6RangeTable(RangeFlattener.flatten(loader.ipv6Ranges()));
        return new AsnTable(ipv4, ipv6, loader.infos().toArray(new AsInfo[0]), loader.skippedLines(),
                loader.skippedExamples(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** The table as {@link #read} reads it back ({@link AsnTableCache}); the load time is not kept. */
    void write(DataOutput out) throws IOException {
        ipv4.write(out);
        ipv6.write(out);
        out.writeInt(infos.length);
        for (AsInfo info : infos) {
            out.writeLong(info.number());
            out.writeBoolean(info.organization() != null);
            if (info.organization() != null) out.writeUTF(info.organization());
        }
        out.writeLong(skippedLines);
        out.writeInt(skippedExamples.size());
        for (String example : skippedExamples) out.writeUTF(example);
    }

    /** A table {@link #write} wrote; {@code started} is when reading began, for {@link #loadTime()}. */
    static AsnTable read(DataInput in, long started) throws IOException {
        Ipv4RangeTable ipv4 = Ipv4RangeTable.read(in);
        Ipv6RangeTable ipv6 = Ipv6RangeTable.read(in);
        AsInfo[] infos = new AsInfo[in.readInt()];
        Map<String, String> names = new HashMap<>(); // one String per organization, as the loader keeps them
        for (int i = 0; i < infos.length; i++) {
            long number = in.readLong();
            String name = in.readBoolean() ? in.readUTF() : null;
            infos[i] = new AsInfo(number, name == null ? null : names.computeIfAbsent(name, n -> n));
        }
        long skipped = in.readLong();
        List<String> examples = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) examples.add(in.readUTF());
        return new AsnTable(ipv4, ipv6, infos, skipped, examples, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Same as {@link #load(List)}. */
    public static AsnTable load(Path... csvFiles) throws IOException {
        return load(Arrays.asList(csvFiles));
    }

    @Override
    public Optional<AsInfo> lookup(InetAddress address) {
        byte[] bytes = address.getAddress();
        int index = address instanceof Inet4Address
                ? ipv4.find((int) AsnCsvLoader.low(bytes))
                : ipv6.find(AsnCsvLoader.high(bytes), AsnCsvLoader.low(bytes));
        return index < 0 ? Optional.empty() : Optional.of(infos[index]);
    }

    /** Disjoint IPv4 ranges after merging and resolving overlaps. */
    public int ipv4RangeCount() {
        return ipv4.size();
    }

    /** Disjoint IPv6 ranges after merging and resolving overlaps. */
    public int ipv6RangeCount() {
        return ipv6.size();
    }

    /** Distinct (AS number, organization) pairs. */
    public int asInfoCount() {
        return infos.length;
    }

    /** Lines that could not be parsed and were skipped. */
    public long skippedLines() {
        return skippedLines;
    }

    /** Up to five skipped lines as "file:line: reason", for diagnostics. */
    public List<String> skippedExamples() {
        return skippedExamples;
    }

    /** Wall time {@link #load(List)} took. */
    public Duration loadTime() {
        return loadTime;
    }

    /** Estimated heap held by the table: range arrays, AS entries and their distinct name strings. */
    public long estimatedBytes() {
        long bytes = ipv4.bytes() + ipv6.bytes() + 16 + 4L * infos.length;
        Set<String> names = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AsInfo info : infos) {
            bytes += 24; // object header + long + reference
            if (info.organization() != null && names.add(info.organization())) {
                bytes += stringBytes(info.organization());
            }
        }
        return bytes;
    }

    private static long stringBytes(String s) {
        boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(s);
        long array = 16 + (long) s.length() * (latin1 ? 1 : 2);
        return 24 + ((array + 7) & ~7L);
    }

    @Override
    public String toString() {
        return "AsnTable[" + ipv4RangeCount() + " IPv4 ranges, " + ipv6RangeCount() + " IPv6 ranges, "
                + asInfoCount() + " AS entries, " + skippedLines + " lines skipped, ~"
                + estimatedBytes() / (1024 * 1024) + " MiB, loaded in " + loadTime.toMillis() + " ms]";
    }
}
