package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeldEventsTest {
    private static void hold(HeldEvents held, long time, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        held.hold(time, bytes, bytes.length);
    }

    private static String text(byte[] page, int offset, int length) {
        return new String(page, offset, length, StandardCharsets.UTF_8);
    }

    private static List<String> pollAll(HeldEvents held) throws IOException {
        List<String> out = new ArrayList<>();
        while (held.size() > 0) held.pollFirst((time, page, offset, length) -> out.add(time + ":" + text(page, offset, length)));
        return out;
    }

    @Test
    void givesEventsInTimeOrderAndEqualTimesInArrivalOrder() throws IOException {
        HeldEvents held = new HeldEvents();
        hold(held, 30, "c");
        hold(held, 10, "a1");
        hold(held, 20, "b");
        hold(held, 10, "a2");
        hold(held, 10, "a3");
        assertThat(held.earliest()).isEqualTo(10);
        List<String> checkpoint = new ArrayList<>();
        held.forEachInOrder((time, page, offset, length) -> checkpoint.add(time + ":" + text(page, offset, length)));

        assertThat(pollAll(held)).containsExactly("10:a1", "10:a2", "10:a3", "20:b", "30:c");
        assertThat(checkpoint).as("a checkpoint lists them in the same order, still held").containsExactly("10:a1", "10:a2", "10:a3", "20:b", "30:c");
        assertThat(held.earliest()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMillionShuffledEventsComeOutSortedAndTheirPagesAreFreed() throws IOException {
        HeldEvents held = new HeldEvents();
        Random random = new Random(7);
        int count = 1_000_000;
        for (int i = 0; i < count; i++) hold(held, random.nextInt(100_000), "event number " + i + " with some body to fill pages");
        assertThat(held.pages()).as("about 60 MB of events in 1 MB pages").isBetween(50, 80);

        long[] last = {Long.MIN_VALUE};
        int[] polled = {0};
        int[] outOfOrder = {0};
        int[] corrupt = {0};
        while (held.size() > 0) {
            held.pollFirst((time, page, offset, length) -> {
                if (time < last[0]) outOfOrder[0]++;
                if (!text(page, offset, length).startsWith("event number ")) corrupt[0]++;
                last[0] = time;
                polled[0]++;
            });
        }
        assertThat(polled[0]).isEqualTo(count);
        assertThat(outOfOrder[0]).isZero();
        assertThat(corrupt[0]).isZero();
        assertThat(held.pages()).as("only the page being written is kept").isEqualTo(1);
    }

    @Test
    void eventsFarAheadInTimeDoNotKeepTheirPages() throws IOException {
        HeldEvents held = new HeldEvents();
        long farAhead = Long.MAX_VALUE / 2;
        String body = "x".repeat(500);
        int future = 0;
        // A live job: events arrive about in time order and leave as the watermark passes them, but one in 2,000 is
        // dated years ahead and stays.
        for (long time = 0; time < 1_000_000; time++) {
            if (time % 2_000 == 0) {
                hold(held, farAhead + time, "future " + time);
                future++;
            }
            hold(held, time, body);
            while (held.earliest() <= time - 1_000) held.pollFirst((t, page, offset, length) -> {});
        }
        assertThat(held.size()).isEqualTo(future + 1_000);
        assertThat(held.pages()).as("%d events ahead in ~500 MB of pages", future).isLessThan(10);

        List<String> left = new ArrayList<>();
        while (held.earliest() < farAhead) held.pollFirst((t, page, offset, length) -> {});
        while (held.size() > 0) held.pollFirst((t, page, offset, length) -> left.add(text(page, offset, length)));
        assertThat(left).hasSize(future).first().isEqualTo("future 0");
        assertThat(left.get(future - 1)).isEqualTo("future " + 2_000L * (future - 1));
    }

    @Test
    void anEventLargerThanAPageGetsAPageOfItsOwn() throws IOException {
        HeldEvents held = new HeldEvents();
        hold(held, 2, "small");
        String large = "x".repeat(3 << 20);
        hold(held, 1, large);
        hold(held, 3, "after");
        List<Integer> lengths = new ArrayList<>();
        while (held.size() > 0) held.pollFirst((time, page, offset, length) -> lengths.add(length));
        assertThat(lengths).containsExactly(large.length(), 5, 5);
    }
}
