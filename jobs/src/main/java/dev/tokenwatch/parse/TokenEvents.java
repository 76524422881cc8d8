package dev.tokenwatch.parse;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the events of one access-token snapshot diff ({@link AccessTokenSnapshots#changes}): the fields every one
 * carries, its deterministic id and the time of a change the snapshot does not date.
 */
final class TokenEvents {
    private final String account;
    private final Instant observedAt;
    private final Problems documentProblems;
    private final List<Event> events = new ArrayList<>();

    TokenEvents(String account, Instant observedAt, Problems documentProblems) {
        this.account = account;
        this.observedAt = observedAt;
        this.documentProblems = documentProblems;
    }

    List<Event> events() {
        return events;
    }

    /** Where and with what the token was created: the only event the list gives an address for. */
    void created(AccessTokenListing token) {
        Problems problems = documentProblems.copy();
        Event event = event(token, Actions.TOKEN_CREATED, "created", token.createdAt());
        JsonFields.sourceAddress(event, "creator_ip", token.creatorIp(), problems);
        event.userAgent = token.creatorUserAgent();
        add(event, problems);
    }

    /** A use without an address: the list says when, not from where. */
    void used(AccessTokenListing token) {
        add(event(token, Actions.TOKEN_USED, "used:" + token.lastUsed().toEpochMilli(), token.lastUsed()), documentProblems.copy());
    }

    void revoked(AccessTokenListing token) {
        undated(token, Actions.TOKEN_REVOKED, "revoked");
    }

    void deleted(AccessTokenListing token) {
        undated(token, Actions.TOKEN_DELETED, "deleted");
    }

    /**
     * A change the snapshot shows but does not date: at the observation, but never at or before the token's last known
     * activity, which it followed (an inactive or deleted token cannot be used).
     */
    private void undated(AccessTokenListing token, String action, String change) {
        Problems problems = documentProblems.copy();
        Instant afterActivity = token.lastActivity().plusMillis(1);
        Instant time;
        if (observedAt == null) {
            time = afterActivity;
            problems.add("@timestamp: unknown: the snapshot shows the token " + change + " but not when, and has no observed_at;"
                    + " this is just after its last known activity (" + token.lastActivity() + ")");
        } else {
            time = observedAt.isAfter(afterActivity) ? observedAt : afterActivity;
        }
        add(event(token, action, change, time), problems);
    }

    private Event event(AccessTokenListing token, String action, String change, Instant time) {
        Event event = new Event();
        event.dataset = AccessTokenSnapshots.DATASET;
        event.id = AccessTokenSnapshots.DATASET + ":" + token.uuid() + ":" + change;
        event.timestamp = time.toEpochMilli();
        Actions.assign(event, action, null);
        event.outcome = "success";
        event.userName = account;
        event.tokenId = token.uuid();
        event.tokenKind = token.tokenKind();
        event.tokenScopes = token.scopes().isEmpty() ? null : token.scopes().toArray(String[]::new);
        event.tokenExpiresAt = token.expiresAt() == null ? null : token.expiresAt().toEpochMilli();
        return event;
    }

    private void add(Event event, Problems problems) {
        events.add(EventFinishing.finish(event, problems));
    }
}
