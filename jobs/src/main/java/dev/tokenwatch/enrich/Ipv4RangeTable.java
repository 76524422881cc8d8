package dev.tokenwatch.enrich;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** Sorted disjoint IPv4 ranges in primitive arrays (unsigned ints), searched by binary search. */
final class Ipv4RangeTable {

    private final int[] starts;
    private final int[] ends;
    private final int[] values;

    Ipv4RangeTable(List<AddressRange> flattened) {
        int n = flattened.size();
        starts = new int[n];
        ends = new int[n];
        values = new int[n];
        for (int i = 0; i < n; i++) {
            AddressRange r = flattened.get(i);
            starts[i] = (int) r.startLo();
            ends[i] = (int) r.endLo();
            values[i] = r.value();
        }
    }

    private Ipv4RangeTable(int[] starts, int[] ends, int[] values) {
        this.starts = starts;
        this.ends = ends;
        this.values = values;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(starts.length);
        for (int i = 0; i < starts.length; i++) {
            out.writeInt(starts[i]);
            out.writeInt(ends[i]);
            out.writeInt(values[i]);
        }
    }

    static Ipv4RangeTable read(DataInput in) throws IOException {
        int n = in.readInt();
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = in.readInt();
            ends[i] = in.readInt();
            values[i] = in.readInt();
        }
        return new Ipv4RangeTable(starts, ends, values);
    }

    /** The value of the range holding {@code address} (unsigned), or -1. */
    int find(int address) {
        int low = 0;
        int high = starts.length - 1;
        while (low <= high) { // last range whose start <= address
            int mid = (low + high) >>> 1;
            if (Integer.compareUnsigned(starts[mid], address) <= 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high >= 0 && Integer.compareUnsigned(address, ends[high]) <= 0 ? values[high] : -1;
    }

    int size() {
        return starts.length;
    }

    long bytes() {
        return 3L * (16 + 4L * starts.length);
    }
}
