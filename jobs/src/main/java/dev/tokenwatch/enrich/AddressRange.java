package dev.tokenwatch.enrich;

/**
 * An inclusive range of 128-bit address keys (IPv4 keys have {@code hi == 0}), compared
 * unsigned, carrying an int value (an index into a table of {@link AsInfo}).
 */
record AddressRange(long startHi, long startLo, long endHi, long endLo, int value) {

    static int compare(long hiA, long loA, long hiB, long loB) {
        int byHi = Long.compareUnsigned(hiA, hiB);
        return byHi != 0 ? byHi : Long.compareUnsigned(loA, loB);
    }

    /** Start ascending, then the wider range first, so nested ranges come after their container. */
    static int byStartThenWidest(AddressRange a, AddressRange b) {
        int byStart = compare(a.startHi, a.startLo, b.startHi, b.startLo);
        return byStart != 0 ? byStart : compare(b.endHi, b.endLo, a.endHi, a.endLo);
    }
}
