package dev.tokenwatch.event;

import java.util.Set;

/** The {@code event.action} vocabulary every parser maps onto. */
public final class Actions {
    public static final String TOKEN_CREATED = "token.created";
    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String TOKEN_DELETED = "token.deleted";
    public static final String TOKEN_USED = "token.used";
    /** A token server issued a registry bearer token for a credential (see docs/grants.md). */
    public static final String TOKEN_GRANTED = "token.granted";
    public static final String LOGIN_SUCCESS = "login.success";
    public static final String LOGIN_FAILURE = "login.failure";
    public static final String IMAGE_PUSH = "image.push";
    public static final String IMAGE_PULL = "image.pull";
    public static final String IMAGE_DELETE = "image.delete";
    public static final String TAG_DELETE = "tag.delete";
    public static final String REPO_CREATE = "repo.create";
    public static final String REPO_DELETE = "repo.delete";
    public static final String REPO_VISIBILITY_CHANGE = "repo.visibility.change";
    public static final String MEMBER_ADD = "member.add";
    public static final String MEMBER_REMOVE = "member.remove";
    /** Anything a source does that the vocabulary has no word for; the source's own word goes to event.original_action. */
    public static final String OTHER = "other";

    public static final Set<String> ALL = Set.of(TOKEN_CREATED, TOKEN_REVOKED, TOKEN_DELETED, TOKEN_USED, TOKEN_GRANTED,
            LOGIN_SUCCESS, LOGIN_FAILURE, IMAGE_PUSH, IMAGE_PULL, IMAGE_DELETE, TAG_DELETE, REPO_CREATE,
            REPO_DELETE, REPO_VISIBILITY_CHANGE, MEMBER_ADD, MEMBER_REMOVE, OTHER);

    private Actions() {}

    /**
     * Sets the action, or {@code other} for one the vocabulary has no word for. The source's own word
     * is always kept in {@code event.original_action}, so a rule can tell e.g. a team removal from an
     * organization removal, which the vocabulary both calls {@code member.remove}.
     */
    public static void assign(Event event, String action, String original) {
        event.action = action != null && ALL.contains(action) ? action : OTHER;
        String source = original != null ? original : action;
        if (source != null && !source.equals(event.action)) event.originalAction = source;
    }
}
