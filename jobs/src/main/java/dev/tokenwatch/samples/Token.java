package dev.tokenwatch.samples;

import java.util.List;

/** An access token of the main registry; it is used from its owner's addresses with its owner's client and habits. */
final class Token extends Client {

    static final List<String> READ = List.of("repo:read");
    static final List<String> READ_WRITE = List.of("repo:read", "repo:write");
    static final List<String> ADMIN = List.of("repo:admin");

    final String id;
    /** {@code personal}, {@code auto} (Docker Desktop's) or {@code robot}. */
    final String kind;
    final List<String> scopes;

    Token(String id, String kind, List<String> scopes, Client owner) {
        super(owner.user, owner.addresses, owner.agent, owner.habits);
        this.id = id;
        this.kind = kind;
        this.scopes = scopes;
    }
}
