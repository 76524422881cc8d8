package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.inventory.TokenJson;
import dev.tokenwatch.inventory.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Turns alerts and enriched events into bulk actions: which index, which id, which body. */
public final class EsDocuments {
    /**
     * Alert fields that belong to the analysts once the alert exists: a re-processed or updated alert
     * never writes them, only a new one does (as {@code status: open}).
     */
    public static final List<String> WORKFLOW_FIELDS = List.of("status", "assignee");

    private EsDocuments() {}

    /** An enriched event, whole, at {@code _id} = {@code event.id}. */
    public static EsAction event(Event event, IndexNames names) {
        ObjectNode doc = EventJson.toNode(event);
        EventJson.put(doc, "event.kind", "event");
        String json = doc.toString();
        String id = event.id != null && !event.id.isEmpty() ? event.id : "sha256:" + sha256(json);
        return new EsAction(EsAction.Kind.INDEX, names.eventsIndex(event.timestamp), id, json, null, 0).withEventTime(event.timestamp);
    }

    /**
     * An alert version at {@code _id} = {@code alert.id}: created whole the first time; afterwards only
     * its non-workflow fields are overwritten, so {@code count} and {@code last_seen} advance and the
     * analyst's {@code status} and {@code assignee} stay.
     */
    public static EsAction alert(Alert alert, IndexNames names) {
        ObjectNode doc = AlertJson.toNode(alert);
        ObjectNode partial = doc.deepCopy();
        JsonNode a = partial.get("alert");
        if (a instanceof ObjectNode alertNode) WORKFLOW_FIELDS.forEach(alertNode::remove);
        return new EsAction(EsAction.Kind.UPSERT, names.alertsIndex(alert.timestamp), alert.id,
                doc.toString(), partial.toString(), alert.count).withEventTime(alert.timestamp);
    }

    /**
     * A token's inventory record (its state JSON, {@code TokenRecord#toState}) at {@code _id} = {@code token.id}: the
     * document investigators read, with the state itself kept unindexed so that {@code tokens list --es} can read it back.
     */
    public static EsAction token(String state, IndexNames names) {
        TokenRecord record = TokenRecord.fromState(state);
        ObjectNode doc = TokenJson.record(record);
        doc.put("@timestamp", Instant.ofEpochMilli(record.lastSeen()).toString());
        doc.set("inventory_state", record.toStateNode());
        return new EsAction(EsAction.Kind.INDEX, names.tokensIndex(), record.id(), doc.toString(), null, record.changes())
                .withEventTime(record.lastSeen());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
