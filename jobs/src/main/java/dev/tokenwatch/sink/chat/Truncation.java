package dev.tokenwatch.sink.chat;

import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/** Keeps messages within a tool's limits: a tool refuses a message that is too long, and a cut alert beats none. */
final class Truncation {
    static final String ELLIPSIS = "…";

    private Truncation() {}

    /** At most {@code maxChars} characters, ending in "…" when cut; null stays null. */
    static String cut(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) return text;
        if (maxChars < 1) return "";
        int end = maxChars - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--; // never half an emoji
        return text.substring(0, end) + ELLIPSIS;
    }

    /**
     * Renders with the longest allowance, from {@code full} down, whose result measures at most {@code max}; the
     * allowance 0 when none does. A message that fits is rendered once; one that does not is searched for by
     * halves, since how much an allowance adds to the result depends on its text (UTF-8 bytes, JSON escapes).
     */
    static <T> T fit(int full, int max, IntFunction<T> render, ToIntFunction<T> measure) {
        T whole = render.apply(full);
        if (measure.applyAsInt(whole) <= max) return whole;
        T best = null;
        int low = 0;
        int high = full - 1;
        while (low <= high) {
            int allowance = (low + high) >>> 1;
            T result = render.apply(allowance);
            if (measure.applyAsInt(result) <= max) {
                best = result;
                low = allowance + 1;
            } else {
                high = allowance - 1;
            }
        }
        return best != null ? best : render.apply(0);
    }

    static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A link cut short leads nowhere: one that is too long is left out. */
    static String linkWithin(String url, int maxChars) {
        return url != null && url.length() <= maxChars ? url : null;
    }
}
