package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hits of one event that share a group key (a token, a user, a repository): what the pipeline
 * sends to that key's rule state. An event that concerns five rules grouped by two keys travels
 * twice, not five times, and waits for the watermark once per key; each rule's state stays its own
 * (scoped by {@link RuleHit#stateScope()}).
 */
public class HitGroup {
    public String key;
    public Event event;
    /** Each rule's part, in match order; their {@code event} is left out, {@link #event} carries it once. */
    public RuleHit[] hits;

    public HitGroup() {}

    private HitGroup(String key, Event event, RuleHit[] hits) {
        this.key = key;
        this.event = event;
        this.hits = hits;
    }

    /** One group per distinct key of {@code hits} (one event's), keys in order of first appearance. */
    public static List<HitGroup> of(Event event, List<RuleHit> hits) {
        Map<String, List<RuleHit>> byKey = new LinkedHashMap<>();
        for (RuleHit hit : hits) byKey.computeIfAbsent(hit.key, k -> new ArrayList<>(2)).add(hit.withEvent(null));
        List<HitGroup> groups = new ArrayList<>(byKey.size());
        byKey.forEach((key, parts) -> groups.add(new HitGroup(key, event, parts.toArray(RuleHit[]::new))));
        return groups;
    }

    /** The hits with their event, ready for {@link RuleEvaluator#onHit}. */
    public List<RuleHit> hits() {
        List<RuleHit> whole = new ArrayList<>(hits.length);
        for (RuleHit part : hits) whole.add(part.withEvent(event));
        return whole;
    }
}
