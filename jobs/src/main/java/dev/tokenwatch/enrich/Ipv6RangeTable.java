package dev.tokenwatch.enrich;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** Sorted disjoint IPv6 ranges as pairs of longs (unsigned), searched by binary search. */
final class Ipv6RangeTable {

    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    private final int[] values;

    Ipv6RangeTable(List<AddressRange> flattened) {
        int n = flattened.size();
        startHi = new long[n];
        startLo = new long[n];
        endHi = new long[n];
        endLo = new long[n];
        values = new int[n];
        for (int i = 0; i < n; i++) {
            AddressRange r = flattened.get(i);
            startHi[i] = r.startHi();
            startLo[i] = r.startLo();
            endHi[i] = r.endHi();
            endLo[i] = r.endLo();
            values[i] = r.value();
        }
    }

    private Ipv6RangeTable(long[] startHi, long[] startLo, long[] endHi, long[] endLo, int[] values) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
        this.values = values;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(values.length);
        for (int i = 0; i < values.length; i++) {
            out.writeLong(startHi[i]);
            out.writeLong(startLo[i]);
            out.writeLong(endHi[i]);
            out.writeLong(endLo[i]);
            out.writeInt(values[i]);
        }
    }

    static Ipv6RangeTable read(DataInput in) throws IOException {
        int n = in.readInt();
        long[] startHi = new long[n];
        long[] startLo = new long[n];
        long[] endHi = new long[n];
        long[] endLo = new long[n];
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            startHi[i] = in.readLong();
            startLo[i] = in.readLong();
            endHi[i] = in.readLong();
            endLo[i] = in.readLong();
            values[i] = in.readInt();
        }
        return new Ipv6RangeTable(startHi, startLo, endHi, endLo, values);
    }

    /** The value of the range holding the address {@code hi:lo}, or -1. */
    int find(long hi, long lo) {
        int low = 0;
        int high = startHi.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (AddressRange.compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high >= 0 && AddressRange.compare(hi, lo, endHi[high], endLo[high]) <= 0 ? values[high] : -1;
    }

    int size() {
        return startHi.length;
    }

    long bytes() {
        return 5L * 16 + 8L * 4 * startHi.length + 4L * values.length;
    }
}
