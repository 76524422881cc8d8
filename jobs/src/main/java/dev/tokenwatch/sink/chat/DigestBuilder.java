package dev.tokenwatch.sink.chat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tokenwatch.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the alerts a destination's rate limit holds back until the digest is due. A flood is exactly when
 * digests matter, so memory stays bounded however many alerts come: counts per rule are exact (there are only so
 * many rules), ids stop at {@link #MAX_ALERT_IDS}, and entities are tracked in at most {@link #MAX_ENTITIES} counters.
 * It lives in the checkpoint (as JSON, in {@link Throttle}), so a restart keeps what was held.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class DigestBuilder {
    static final int MAX_ALERT_IDS = 1000;
    static final int MAX_ENTITIES = 1000;
    static final int TOP_ENTITIES = 5;

    private Map<String, Long> perRule = new HashMap<>();
    private Map<String, Long> perEntity = new HashMap<>();
    private List<String> alertIds = new ArrayList<>();
    private long updates;

    /** An alert held back by the rate limit. */
    public void add(Alert alert) {
        perRule.merge(alert.ruleId, 1L, Long::sum);
        String entity = entity(alert);
        if (entity != null) countEntity(entity);
        if (alertIds.size() < MAX_ALERT_IDS) alertIds.add(alert.id);
    }

    /** A later version of an alert already sent: counted, not listed, the channel has seen the alert. */
    public void addUpdate(Alert alert) {
        updates++;
    }

    /** Whether any alert was held: updates alone do not make a digest worth a message. */
    public boolean holdsAlerts() {
        return !perRule.isEmpty();
    }

    public boolean isEmpty() {
        return perRule.isEmpty() && updates == 0;
    }

    public Digest build(String destination, Instant from, Instant to) {
        return new Digest(destination, from, to, mostFirst(perRule, Integer.MAX_VALUE), mostFirst(perEntity, TOP_ENTITIES),
                updates, List.copyOf(alertIds));
    }

    /** Who the alert is about, the way an analyst would look it up: the token, else the user, else the address. */
    private static String entity(Alert alert) {
        if (alert.event == null) return null;
        if (alert.event.tokenId != null) return alert.event.tokenId;
        return alert.event.userName != null ? alert.event.userName : alert.event.sourceIp;
    }

    /**
     * Space-saving: once all counters are taken, a new entity replaces the least counted one and inherits its count.
     * Every entity seen more often than that minimum keeps its counter, so the top entities stay the top entities;
     * only then may a count be over by at most the minimum it inherited.
     */
    private void countEntity(String entity) {
        if (perEntity.containsKey(entity) || perEntity.size() < MAX_ENTITIES) {
            perEntity.merge(entity, 1L, Long::sum);
            return;
        }
        Map.Entry<String, Long> least = perEntity.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        perEntity.remove(least.getKey());
        perEntity.put(entity, least.getValue() + 1);
    }

    private static List<Digest.Count> mostFirst(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Digest.Count(e.getKey(), e.getValue()))
                .toList();
    }
}
