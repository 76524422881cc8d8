package dev.tokenwatch.enrich;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns possibly overlapping ranges into sorted, disjoint ones that a binary search can use.
 * Where ranges overlap, the one that starts later wins (the more specific one when nested; a
 * container's parts on either side of a nested range keep the container's value). Adjacent
 * ranges with the same value are merged.
 */
final class RangeFlattener {

    private final List<AddressRange> out = new ArrayList<>();
    private long cursorHi;
    private long cursorLo;

    private RangeFlattener() {
    }

    static List<AddressRange> flatten(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(AddressRange::byStartThenWidest);
        return new RangeFlattener().run(sorted);
    }

    private List<AddressRange> run(List<AddressRange> sorted) {
        Deque<AddressRange> open = new ArrayDeque<>();
        for (AddressRange next : sorted) {
            while (!open.isEmpty() && AddressRange.compare(open.peek().endHi(), open.peek().endLo(),
                    next.startHi(), next.startLo()) < 0) {
                closeTop(open); // ends before next starts, so end + 1 cannot overflow
            }
            if (!open.isEmpty() && AddressRange.compare(cursorHi, cursorLo, next.startHi(), next.startLo()) < 0) {
                long endLo = next.startLo() - 1;
                long endHi = next.startLo() == 0 ? next.startHi() - 1 : next.startHi();
                emit(cursorHi, cursorLo, endHi, endLo, open.peek().value());
            }
            cursorHi = next.startHi();
            cursorLo = next.startLo();
            open.push(next);
        }
        while (!open.isEmpty()) {
            AddressRange top = open.peek();
            if (top.endHi() == -1L && top.endLo() == -1L) { // reaches the last address
                emitUpTo(top);
                break;
            }
            closeTop(open);
        }
        return out;
    }

    private void closeTop(Deque<AddressRange> open) {
        AddressRange top = open.pop();
        if (emitUpTo(top)) {
            cursorLo = top.endLo() + 1;
            cursorHi = cursorLo == 0 ? top.endHi() + 1 : top.endHi();
        }
    }

    /** Emits [cursor, top.end] if not empty; true if it did. */
    private boolean emitUpTo(AddressRange top) {
        if (AddressRange.compare(cursorHi, cursorLo, top.endHi(), top.endLo()) > 0) {
            return false;
        }
        emit(cursorHi, cursorLo, top.endHi(), top.endLo(), top.value());
        return true;
    }

    private void emit(long startHi, long startLo, long endHi, long endLo, int value) {
        if (!out.isEmpty()) {
            AddressRange last = out.get(out.size() - 1);
            long afterLo = last.endLo() + 1;
            long afterHi = afterLo == 0 ? last.endHi() + 1 : last.endHi();
            if (last.value() == value && afterHi == startHi && afterLo == startLo) {
                out.set(out.size() - 1, new AddressRange(last.startHi(), last.startLo(), endHi, endLo, value));
                return;
            }
        }
        out.add(new AddressRange(startHi, startLo, endHi, endLo, value));
    }
}
