package dev.tokenwatch.samples.population;

import java.util.List;

/** An access token as events show it (never a secret). */
final class Tok {
    static final List<String> READ = List.of("repo:read");
    static final List<String> READ_WRITE = List.of("repo:read", "repo:write");
    static final List<String> ADMIN = List.of("repo:admin");

    final String id;
    final String user;
    /** personal, auto (Docker Desktop), robot. */
    final String kind;
    final List<String> scopes;
    /** When the stream shows it created; earlier than every event for a token that existed before. */
    long createdAt = Long.MIN_VALUE;

    Tok(String id, String user, String kind, List<String> scopes) {
        this.id = id;
        this.user = user;
        this.kind = kind;
        this.scopes = scopes;
    }

    boolean canPush() {
        return scopes.contains("repo:write") || scopes.contains("repo:admin");
    }
}
