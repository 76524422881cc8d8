package dev.tokenwatch.inventory;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The filters of {@code tokens list}; a null field does not filter. {@code dormant} means a token that
 * still works (not revoked or deleted) and was not used in at least that long before {@code now} (over
 * files: the newest event), a never-used token counted from its creation: the forgotten credentials a
 * review should revoke.
 */
public record TokenQuery(String user, String kind, TokenStatus status, Duration dormant, Long usedSince, String country) {
    public static final TokenQuery ALL = new TokenQuery(null, null, null, null, null, null);

    private static boolean stillValid(TokenRecord r) {
        return r.status() != TokenStatus.REVOKED && r.status() != TokenStatus.DELETED;
    }

    public Predicate<TokenRecord> matcher(long now) {
        return r -> (user == null || user.equals(r.owner()))
                && (kind == null || kind.equalsIgnoreCase(r.kind()))
                && (status == null || status == r.status())
                && (dormant == null || stillValid(r) && r.lastActive() <= now - dormant.toMillis())
                && (usedSince == null || r.lastUse() != null && r.lastUse().time() >= usedSince)
                && (country == null || r.countries().contains(country.toUpperCase(java.util.Locale.ROOT)));
    }
}
