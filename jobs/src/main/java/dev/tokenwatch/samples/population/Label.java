package dev.tokenwatch.samples.population;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One planted attack as {@code labels.jsonl} records it: the rule meant to catch it and the ids of
 * its events in both encodings. {@code needsTokenId}: the attack shows only in events that carry a
 * token id, which Distribution notifications never do.
 */
record Label(String attack, String rule, String description, List<String> eventIds, boolean needsTokenId) {

    static List<String> idsOf(List<Act> acts) {
        List<String> ids = new ArrayList<>();
        for (Act a : acts) {
            ids.addAll(a.blobIds);
            ids.add(a.id);
        }
        return ids;
    }

    Label keeping(java.util.Set<String> ids) {
        return new Label(attack, rule, description, eventIds.stream().filter(ids::contains).toList(), needsTokenId);
    }

    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("attack", attack);
        o.put("rule", rule);
        o.put("description", description);
        eventIds.forEach(o.putArray("event_ids")::add);
        o.put("needs_token_id", needsTokenId);
        return o;
    }
}
