package dev.tokenwatch.inventory;

import dev.tokenwatch.alert.Alert;
import java.util.Comparator;
import java.util.List;

/**
 * An alert raised on one of a token's events, as {@code tokens show} lists it: when (the triggering event's time), by
 * which rule, how severe, its id (to find it in the alerts file or Kibana) and the rule's reason.
 */
public record TokenAlert(long time, String ruleId, String severity, String id, String reason) {
    /** Oldest first; alerts of the same time by id, so the list reads the same from the index as from files. */
    public static final Comparator<TokenAlert> IN_TIME_ORDER = Comparator.comparingLong(TokenAlert::time).thenComparing(TokenAlert::id);

    /** The alerts whose triggering event names the token (as the job's inventory counts them), oldest first. */
    public static List<TokenAlert> raisedOn(String tokenId, List<Alert> alerts) {
        return alerts.stream().filter(a -> a.event != null && tokenId.equals(a.event.tokenId))
                .map(a -> new TokenAlert(a.timestamp, a.ruleId, a.severity, a.id, a.reason)).sorted(IN_TIME_ORDER).toList();
    }
}
