package dev.tokenwatch.inventory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a token is in its life, as far as the events tell. */
public enum TokenStatus {
    ACTIVE("active"),
    REVOKED("revoked"),
    DELETED("deleted"),
    /** Its owner was removed from the organization (not just a team) and the token was not revoked. */
    OWNER_REMOVED("owner removed");

    private final String label;

    TokenStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Accepts the label with a space, dash or underscore: {@code owner removed}, {@code owner-removed}. */
    public static TokenStatus parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', ' ').replace('_', ' ');
        for (TokenStatus s : values()) if (s.label.equals(wanted)) return s;
        throw new IllegalArgumentException("unknown token status '" + text + "': expected one of "
                + Arrays.stream(values()).map(s -> s.label.replace(' ', '-')).collect(Collectors.joining(", ")));
    }
}
