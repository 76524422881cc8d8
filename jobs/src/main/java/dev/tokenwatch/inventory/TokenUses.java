package dev.tokenwatch.inventory;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.util.Set;

/** Which events of a token are uses of it: anything but its lifecycle and the grants a token server issues for it. */
public final class TokenUses {
    private static final Set<String> NOT_USES = Set.of(Actions.TOKEN_CREATED, Actions.TOKEN_REVOKED, Actions.TOKEN_DELETED, Actions.TOKEN_GRANTED);

    private TokenUses() {}

    public static boolean isUse(Event e) {
        return e.tokenId != null && !NOT_USES.contains(e.action);
    }

    public static boolean isFailure(Event e) {
        return "failure".equals(e.outcome) || Actions.LOGIN_FAILURE.equals(e.action);
    }

    /** A member.remove that names no team or project removes the member from the organization itself. */
    public static boolean isOrganizationRemoval(Event e) {
        return Actions.MEMBER_REMOVE.equals(e.action) && e.groupName == null && e.targetUserName != null;
    }

    /** {@code acme/api:1.2.3@sha256:...}, leaving out what the event does not name. */
    public static String pushTarget(Event e) {
        StringBuilder s = new StringBuilder(e.repositoryName == null ? "?" : e.repositoryName);
        if (e.imageTag != null) s.append(':').append(e.imageTag);
        if (e.imageDigest != null) s.append('@').append(e.imageDigest);
        return s.toString();
    }
}
