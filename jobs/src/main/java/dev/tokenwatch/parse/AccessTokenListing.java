package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One personal access token as Docker Hub's {@code GET /v2/access-tokens} lists it: what a snapshot says about it,
 * never the secret (the listing does not carry it). Its JSON form is Docker Hub's own element shape, so a listing a
 * poller keeps in its cursor is read back by the same code that reads a page.
 *
 * @param generatedBy {@code manual}, or {@code auto} for the tokens Docker Desktop mints at sign-in
 * @param scopes {@code repo:admin} > {@code repo:write} > {@code repo:read} > {@code repo:public_read}; empty when none
 * @param lastUsed null for a token never used
 * @param expiresAt null for a token that does not expire
 * @param creatorIp the address the token was created from, as Docker Hub gives it (checked when it becomes an event)
 */
public record AccessTokenListing(String uuid, String label, String generatedBy, boolean active, List<String> scopes,
                                 Instant createdAt, Instant lastUsed, Instant expiresAt, String creatorIp,
                                 String creatorUserAgent) {
    public static final String PERSONAL = "personal";
    public static final String AUTO = "auto";

    public AccessTokenListing {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** {@code token.kind}: {@code auto} for a token Docker Desktop generated, else {@code personal}. */
    public String tokenKind() {
        return AUTO.equals(generatedBy) ? AUTO : PERSONAL;
    }

    /** The latest time the listing proves the token existed: its last use, else its creation. */
    public Instant lastActivity() {
        return lastUsed != null && lastUsed.isAfter(createdAt) ? lastUsed : createdAt;
    }

    /** Docker Hub's element shape; absent values as JSON null, as Docker Hub writes them. */
    public ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("uuid", uuid);
        node.put("token_label", label);
        node.put("generated_by", generatedBy);
        node.put("is_active", active);
        scopes.forEach(node.putArray("scopes")::add);
        node.put("created_at", createdAt.toString());
        node.put("last_used", lastUsed == null ? null : lastUsed.toString());
        node.put("expires_at", expiresAt == null ? null : expiresAt.toString());
        node.put("creator_ip", creatorIp);
        node.put("creator_ua", creatorUserAgent);
        return node;
    }

    /** Reads back what {@link #toJson()} wrote (a poller's cursor); something else there is a bug, not input. */
    public static AccessTokenListing fromJson(JsonNode node) {
        try {
            return read(node, "");
        } catch (ParseException e) {
            throw new IllegalArgumentException("not an access-token listing: " + e.getMessage(), e);
        }
    }

    /**
     * One element of a page's {@code results}. Every field is checked: the listing drives a diff, where a value read
     * wrong is a wrong event (an unreadable {@code last_used} would hide a use), so a bad field rejects the element.
     *
     * @param where the element's path for messages, e.g. {@code results[1]}; each message names
     *     {@code where.field} and the value
     */
    public static AccessTokenListing read(JsonNode element, String where) throws ParseException {
        if (element == null || !element.isObject()) {
            String got = element == null ? "nothing" : element.getNodeType().name().toLowerCase() + " " + JsonFields.show(element.toString());
            throw new ParseException((where.isEmpty() ? "" : where + ": ") + "expected a JSON object, got " + got);
        }
        String uuid = JsonFields.textValue(path(where, "uuid"), element.get("uuid"));
        if (uuid == null) throw new ParseException(path(where, "uuid") + ": missing");
        return new AccessTokenListing(
                uuid,
                text(element, where, "token_label"),
                text(element, where, "generated_by"),
                active(element, where),
                scopes(element, where),
                Instant.ofEpochMilli(JsonFields.timestampValue(path(where, "created_at"), element.get("created_at"))),
                optionalTime(element, where, "last_used"),
                optionalTime(element, where, "expires_at"),
                text(element, where, "creator_ip"),
                text(element, where, "creator_ua"));
    }

    private static String text(JsonNode element, String where, String field) throws ParseException {
        return JsonFields.textValue(path(where, field), element.get(field));
    }

    private static Instant optionalTime(JsonNode element, String where, String field) throws ParseException {
        JsonNode value = element.get(field);
        if (value == null || value.isNull()) return null;
        return Instant.ofEpochMilli(JsonFields.timestampValue(path(where, field), value));
    }

    /** Required: an inactive token read as active would hide its revocation. */
    private static boolean active(JsonNode element, String where) throws ParseException {
        JsonNode value = element.get("is_active");
        if (value == null || value.isNull()) throw new ParseException(path(where, "is_active") + ": missing");
        if (!value.isBoolean()) {
            throw new ParseException(path(where, "is_active") + ": expected true or false, got " + JsonFields.show(value.toString()));
        }
        return value.booleanValue();
    }

    private static List<String> scopes(JsonNode element, String where) throws ParseException {
        JsonNode value = element.get("scopes");
        if (value == null || value.isNull()) return List.of();
        String path = path(where, "scopes");
        if (!value.isArray()) throw new ParseException(path + ": expected an array of strings, got " + JsonFields.show(value.toString()));
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String scope = JsonFields.textValue(path + "[" + i + "]", value.get(i));
            if (scope != null) scopes.add(scope);
        }
        return scopes;
    }

    private static String path(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }
}
