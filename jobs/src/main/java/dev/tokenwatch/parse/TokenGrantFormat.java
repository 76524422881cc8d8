package dev.tokenwatch.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A token server's grant (docs/grants.md): the claims of the registry bearer token it issued (JWT {@code sub},
 * {@code jti}, {@code access}, {@code iat}, {@code exp}) with the client address and the credential that was used.
 * It becomes a {@code token.granted} event whose {@code token.*} is the credential, so registry events of the same
 * user and address within the grant's lifetime can be attributed to it. Never the signed token itself: only claims.
 */
final class TokenGrantFormat implements InputFormat {
    static final String DATASET = "tokenserver.grant";

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public boolean recognizes(JsonNode element) {
        return element.has("jti") && element.has("sub") && element.has("iat") && element.has("exp");
    }

    @Override
    public Event parse(JsonNode e, Problems problems) throws ParseException {
        Event event = new Event();
        event.dataset = DATASET;
        event.timestamp = seconds(e, "iat");
        event.tokenExpiresAt = seconds(e, "exp");
        if (event.tokenExpiresAt < event.timestamp) {
            throw new ParseException("exp: " + Instant.ofEpochMilli(event.tokenExpiresAt) + " is before iat " + Instant.ofEpochMilli(event.timestamp));
        }
        event.id = DATASET + ":" + JsonFields.requiredText(e, "jti");
        Actions.assign(event, Actions.TOKEN_GRANTED, null);
        event.outcome = "success";
        event.userName = JsonFields.requiredText(e, "sub");
        event.tokenId = problems.tolerate(() -> JsonFields.text(e, "credential.id"));
        event.tokenKind = problems.tolerate(() -> JsonFields.text(e, "credential.kind"));
        event.tokenScopes = problems.tolerate(() -> scopes(e.path("access")));
        JsonFields.sourceAddress(event, "client_ip", JsonFields.rawText(JsonFields.at(e, "client_ip")), problems);
        event.userAgent = problems.tolerate(() -> JsonFields.text(e, "user_agent"));
        return event;
    }

    /** A JWT time: seconds since the epoch. */
    private static long seconds(JsonNode e, String field) throws ParseException {
        JsonNode value = e.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ParseException(field + ": expected seconds since the epoch, got " + JsonFields.show(String.valueOf(value)));
        }
        return JsonFields.epochSeconds(field, value.asLong());
    }

    /** {@code access: [{type, name, actions}]} as {@code repository:acme/api:pull,push}, the registry's scope syntax. */
    private static String[] scopes(JsonNode access) throws ParseException {
        if (access.isMissingNode() || access.isNull()) return null;
        if (!access.isArray()) throw new ParseException("access: expected an array, got " + JsonFields.show(access.toString()));
        List<String> scopes = new ArrayList<>();
        for (JsonNode a : access) {
            List<String> actions = new ArrayList<>();
            a.path("actions").forEach(x -> actions.add(x.asText()));
            scopes.add(a.path("type").asText() + ":" + a.path("name").asText() + ":" + String.join(",", actions));
        }
        return scopes.toArray(String[]::new);
    }
}
