package dev.tokenwatch.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.time.Instant;

/**
 * Token records and triage findings as JSON, with ECS names where ECS has one ({@code token.id},
 * {@code user.name}, {@code source.ip}, {@code source.geo.country_iso_code}, {@code source.as}...),
 * so a document pasted into a ticket or loaded next to the alerts reads the same way.
 */
public final class TokenJson {
    private TokenJson() {}

    public static ObjectNode record(TokenRecord r) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ObjectNode token = doc.putObject("token");
        token.put("id", r.id());
        token.put("kind", r.kind());
        r.scopes().forEach(token.putArray("scopes")::add);
        token.put("status", r.status().label());
        doc.putObject("user").put("name", r.owner());
        sighting(doc, "created", r.created());
        sighting(doc, "first_use", r.firstUse());
        sighting(doc, "last_use", r.lastUse());
        time(doc, "revoked_at", r.revokedAt());
        time(doc, "deleted_at", r.deletedAt());
        time(doc, "owner_removed_at", r.ownerRemovedAt());
        ObjectNode counts = doc.putObject("counts");
        counts.put("uses", r.uses());
        counts.put("pulls", r.pulls());
        counts.put("pushes", r.pushes());
        counts.put("failures", r.failures());
        counts.put("uses_after_end", r.usesAfterEnd());
        capped(doc, "countries", r.countries());
        capped(doc, "networks", r.networks());
        capped(doc, "pushed_to", r.pushedTo());
        if (r.alerts().total() > 0) capped(doc, "alerts", r.alerts());
        return doc;
    }

    public static ObjectNode finding(Finding f) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("section", f.section().key());
        doc.put("@timestamp", Instant.ofEpochMilli(f.at().time()).toString());
        doc.putObject("token").put("id", f.token());
        doc.putObject("user").put("name", f.owner());
        source(doc, f.at());
        doc.put("what", f.what());
        doc.put("why", f.why());
        doc.put("notable", f.notable());
        return doc;
    }

    private static void sighting(ObjectNode doc, String name, Sighting s) {
        if (s == null) return;
        ObjectNode node = doc.putObject(name);
        node.put("@timestamp", Instant.ofEpochMilli(s.time()).toString());
        source(node, s);
        if (s.userAgent() != null) node.putObject("user_agent").put("original", s.userAgent());
    }

    private static void source(ObjectNode parent, Sighting s) {
        ObjectNode source = parent.putObject("source");
        source.put("ip", s.ip());
        if (s.country() != null) source.putObject("geo").put("country_iso_code", s.country());
        if (s.network() != null) source.putObject("network").put("name", s.network());
    }

    private static void time(ObjectNode doc, String name, Long millis) {
        if (millis != null) doc.put(name, Instant.ofEpochMilli(millis).toString());
    }

    private static void capped(ObjectNode doc, String name, CappedSet set) {
        ObjectNode node = doc.putObject(name);
        set.values().forEach(node.putArray("values")::add);
        node.put("total", set.total());
    }
}
