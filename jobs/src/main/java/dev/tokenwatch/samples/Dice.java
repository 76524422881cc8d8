package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.SECOND;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** The only source of randomness, ids included, so that one seed fixes every file. */
public final class Dice {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SplittableRandom random;

    public Dice(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public int between(int lo, int hiInclusive) {
        return lo + random.nextInt(hiInclusive - lo + 1);
    }

    public long millisBetween(long lo, long hiInclusive) {
        return lo + random.nextLong(hiInclusive - lo + 1);
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    public <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    /** A few distinct items, in the order first picked. */
    public <T> List<T> sample(List<T> items, int count) {
        Set<T> chosen = new LinkedHashSet<>();
        int wanted = Math.min(count, items.size());
        while (chosen.size() < wanted) chosen.add(pick(items));
        return new ArrayList<>(chosen);
    }

    /** A gap with the given mean, as between independent events, at least half a minute. */
    public long exponentialGap(long mean) {
        return Math.max(30 * SECOND, (long) (-mean * Math.log(1 - random.nextDouble())));
    }

    public String hex(int length) {
        char[] out = new char[length];
        long bits = 0;
        for (int i = 0; i < length; i++) {
            if (i % 16 == 0) bits = random.nextLong();
            out[i] = HEX[(int) (bits & 15)];
            bits >>>= 4;
        }
        return new String(out);
    }

    /** A version-4 shaped UUID drawn from the seeded generator (never UUID.randomUUID()). */
    public String uuid() {
        String h = hex(32);
        char variant = HEX[8 + between(0, 3)];
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-" + variant
                + h.substring(17, 20) + "-" + h.substring(20, 32);
    }

    public String digest() {
        return "sha256:" + hex(64);
    }
}
