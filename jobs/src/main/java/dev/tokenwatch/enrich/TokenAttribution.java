package dev.tokenwatch.enrich;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Entities;
import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Registry notifications name the user, never the token. The token server's grant does: a registry event of a user
 * from an address, inside the lifetime of a grant to that user at that address, was made with the grant's credential.
 * Per (user, address) the grants are kept (the newest few, expired ones dropped); an event to attribute takes the
 * newest grant it falls within and gets its {@code token.id}, {@code token.kind} and {@code token.scopes}, with
 * {@code token.attribution: grant}; one that falls within none gets {@code token.attribution: none}.
 * Events arrive in event-time order (the order stage), so a grant is always seen before the uses it covers.
 */
public final class TokenAttribution {
    public static final String BY_GRANT = "grant";
    public static final String NONE = "none";
    /** A client that logs in again every few minutes holds this many live grants at most worth keeping. */
    static final int GRANTS_KEPT = 8;
    /** The one source that names the user and the client address but never the token. */
    private static final String NEEDS_ATTRIBUTION = "distribution.notification";

    /** One grant as kept: the credential it was for and its lifetime. */
    public record Grant(String tokenId, String kind, String[] scopes, long issuedAt, long expiresAt) {}

    /** A key's grants, kept by the caller (Flink state or a map). */
    public interface Grants {
        List<Grant> get();

        void set(List<Grant> grants);
    }

    private TokenAttribution() {}

    /** The user and address a grant or an event to attribute is about; null for an event that takes no part. */
    public static String keyOf(Event e) {
        boolean grant = Actions.TOKEN_GRANTED.equals(e.action);
        boolean needs = e.tokenId == null && NEEDS_ATTRIBUTION.equals(e.dataset);
        if (!grant && !needs) return null;
        return e.userName == null || e.sourceIp == null ? null : e.userName + "\u0000" + e.sourceIp;
    }

    public static void apply(Event e, Grants grants) {
        if (Actions.TOKEN_GRANTED.equals(e.action)) {
            remember(e, grants);
            return;
        }
        Grant grant = grants.get().stream().filter(g -> g.issuedAt() <= e.timestamp && e.timestamp <= g.expiresAt())
                .max(Comparator.comparingLong(Grant::issuedAt)).orElse(null);
        if (grant == null || grant.tokenId() == null) {
            e.tokenAttribution = NONE;
            return;
        }
        e.tokenId = grant.tokenId();
        e.tokenKind = grant.kind();
        if (e.tokenScopes == null) e.tokenScopes = grant.scopes();
        e.tokenAttribution = BY_GRANT;
        Entities.assign(e); // the event now stands for the token, as one that named it would
    }

    /** An event of the source that needs attribution, without the user or address to look it up by. */
    public static void unattributable(Event e) {
        if (e.tokenId == null && NEEDS_ATTRIBUTION.equals(e.dataset)) e.tokenAttribution = NONE;
    }

    private static void remember(Event grant, Grants grants) {
        List<Grant> kept = new ArrayList<>();
        for (Grant g : grants.get()) if (g.expiresAt() >= grant.timestamp) kept.add(g);
        kept.add(new Grant(grant.tokenId, grant.tokenKind, grant.tokenScopes, grant.timestamp,
                grant.tokenExpiresAt == null ? grant.timestamp : grant.tokenExpiresAt));
        if (kept.size() > GRANTS_KEPT) kept = kept.subList(kept.size() - GRANTS_KEPT, kept.size());
        grants.set(kept);
    }
}
