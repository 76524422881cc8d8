package dev.tokenwatch.event;

/**
 * Sets {@code entity.type} and {@code entity.id}: the token when the event names one, else the user.
 * Rules that follow a credential group by {@code entity.id}, so a registry whose notifications name
 * only the user (CNCF Distribution) is still covered, one entity per user, before any token
 * attribution exists. {@code entity.owner} is the account behind it (the user, else the token): rules
 * about a person's habits group by it, so the tokens Docker Desktop mints at every sign-in share
 * their owner's history.
 */
public final class Entities {
    public static final String TOKEN = "token";
    public static final String USER = "user";

    private Entities() {}

    public static void assign(Event event) {
        if (event.tokenId != null) {
            event.entityType = TOKEN;
            event.entityId = event.tokenId;
        } else if (event.userName != null) {
            event.entityType = USER;
            event.entityId = event.userName;
        } else {
            event.entityType = null;
            event.entityId = null;
        }
        event.entityOwner = event.userName != null ? event.userName : event.entityId;
    }
}
