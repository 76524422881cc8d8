package dev.tokenwatch.inventory;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.util.List;

/**
 * What the events tell about one token ({@code token.id}). Folded by {@link TokenInventory} in event-time
 * order; the collections are capped so that a token used from everywhere costs no more than {@link #CAP}
 * values each.
 */
public final class TokenRecord {
    /** Values kept per collection: enough to read, and the total says how many there were. */
    public static final int CAP = 50;

    private final String id;
    private String owner;
    private String kind;
    private List<String> scopes = List.of();
    private Sighting created;
    private Sighting firstUse;
    private Sighting lastUse;
    private TokenStatus status = TokenStatus.ACTIVE;
    private Long revokedAt;
    private Long deletedAt;
    private Long ownerRemovedAt;
    private long uses;
    private long pulls;
    private long pushes;
    private long failures;
    private long usesAfterEnd;
    private long firstSeen = Long.MAX_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private final CappedSet countries = new CappedSet(CAP);
    private final CappedSet networks = new CappedSet(CAP);
    private final CappedSet pushedTo = new CappedSet(CAP);

    TokenRecord(String id) {
        this.id = id;
    }

    /** Takes one event of this token; events must come in event-time order. */
    void apply(Event e) {
        firstSeen = Math.min(firstSeen, e.timestamp);
        lastSeen = Math.max(lastSeen, e.timestamp);
        // The latest event that names them wins: a rescoped token shows its current scopes.
        if (owner == null && e.userName != null) owner = e.userName;
        if (e.tokenKind != null) kind = e.tokenKind;
        if (e.tokenScopes != null && e.tokenScopes.length > 0) scopes = List.of(e.tokenScopes);
        switch (e.action == null ? "" : e.action) {
            case Actions.TOKEN_CREATED -> {
                if (created == null) created = Sighting.of(e);
            }
            case Actions.TOKEN_REVOKED -> {
                if (revokedAt == null) revokedAt = e.timestamp;
                if (status != TokenStatus.DELETED) status = TokenStatus.REVOKED;
            }
            case Actions.TOKEN_DELETED -> {
                if (deletedAt == null) deletedAt = e.timestamp;
                status = TokenStatus.DELETED;
            }
            default -> {
                if (TokenUses.isUse(e)) use(e);
            }
        }
    }

    private void use(Event e) {
        Sighting s = Sighting.of(e);
        if (endedAt() != null) usesAfterEnd++;
        uses++;
        if (firstUse == null) firstUse = s;
        lastUse = s;
        if (Actions.IMAGE_PULL.equals(e.action)) pulls++;
        if (Actions.IMAGE_PUSH.equals(e.action)) {
            pushes++;
            pushedTo.add(TokenUses.pushTarget(e));
        }
        if (TokenUses.isFailure(e)) failures++;
        countries.add(s.country());
        networks.add(s.network());
    }

    /** The owner was removed from the organization at {@code time}; a revoked or deleted token keeps that status. */
    void ownerRemoved(long time) {
        if (ownerRemovedAt != null) return;
        ownerRemovedAt = time;
        if (status == TokenStatus.ACTIVE) status = TokenStatus.OWNER_REMOVED;
    }

    /** When the token should have stopped being used: the first of revocation, deletion and the owner's removal; null while it may be. */
    public Long endedAt() {
        Long end = null;
        for (Long t : new Long[] {revokedAt, deletedAt, ownerRemovedAt}) if (t != null && (end == null || t < end)) end = t;
        return end;
    }

    /** The last use, else the creation, else the first event: what "dormant since" is measured from. */
    public long lastActive() {
        if (lastUse != null) return lastUse.time();
        if (created != null) return created.time();
        return firstSeen;
    }

    public String id() { return id; }
    public String owner() { return owner; }
    public String kind() { return kind; }
    public List<String> scopes() { return scopes; }
    public Sighting created() { return created; }
    public Sighting firstUse() { return firstUse; }
    public Sighting lastUse() { return lastUse; }
    public TokenStatus status() { return status; }
    public Long revokedAt() { return revokedAt; }
    public Long deletedAt() { return deletedAt; }
    public Long ownerRemovedAt() { return ownerRemovedAt; }
    public long uses() { return uses; }
    public long pulls() { return pulls; }
    public long pushes() { return pushes; }
    public long failures() { return failures; }
    /** Uses after {@link #endedAt()}: a revoked, deleted or orphaned token that is still tried. */
    public long usesAfterEnd() { return usesAfterEnd; }
    public long firstSeen() { return firstSeen; }
    public long lastSeen() { return lastSeen; }
    public CappedSet countries() { return countries; }
    public CappedSet networks() { return networks; }
    /** {@code repository:tag@digest} of each push. */
    public CappedSet pushedTo() { return pushedTo; }
}
