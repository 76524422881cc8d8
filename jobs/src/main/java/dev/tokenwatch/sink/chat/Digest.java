package dev.tokenwatch.sink.chat;

import java.time.Instant;
import java.util.List;

/**
 * Alerts held back by a destination's rate limit between {@code from} and {@code to}, folded into one message:
 * "17 more alerts for tw-token-new-source in the last 5 minutes", with the entities seen most.
 *
 * @param rules       alerts held back per rule, most first
 * @param topEntities the tokens, users or addresses in most of them, most first
 * @param updates     later versions of alerts already sent (more detections in their suppression period)
 * @param alertIds    the ids of the alerts folded in
 */
public record Digest(String destination, Instant from, Instant to, List<Count> rules, List<Count> topEntities,
                     long updates, List<String> alertIds) {
    public record Count(String name, long count) {}

    public long alerts() {
        return rules.stream().mapToLong(Count::count).sum();
    }
}
