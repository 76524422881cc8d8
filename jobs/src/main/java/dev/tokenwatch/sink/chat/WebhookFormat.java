package dev.tokenwatch.sink.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;

/**
 * A generic webhook gets documents, not a message: an alert exactly as it is indexed, so a receiver parses one
 * schema, and a digest as {@code event.kind: digest}. Nothing is cut; the receiver is ours to size.
 */
public final class WebhookFormat implements ChatFormat {
    @Override
    public String alert(AlertCard card) {
        return card.document();
    }

    @Override
    public String digest(Digest d) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("event").put("kind", "digest");
        ObjectNode digest = root.putObject("digest");
        digest.put("destination", d.destination());
        digest.put("from", d.from().toString());
        digest.put("to", d.to().toString());
        digest.put("alerts", d.alerts());
        digest.put("updates", d.updates());
        ArrayNode rules = digest.putArray("rules");
        d.rules().forEach(r -> rules.addObject().put("id", r.name()).put("count", r.count()));
        ArrayNode entities = digest.putArray("top_entities");
        d.topEntities().forEach(e -> entities.addObject().put("name", e.name()).put("count", e.count()));
        ArrayNode ids = digest.putArray("alert_ids");
        d.alertIds().forEach(ids::add);
        return root.toString();
    }
}
