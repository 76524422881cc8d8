package dev.tokenwatch.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import java.util.ArrayList;
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
    /** How many times the record changed: orders the versions of its document. */
    private long changes;
    private long firstSeen = Long.MAX_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private CappedSet countries = new CappedSet(CAP);
    private CappedSet networks = new CappedSet(CAP);
    private CappedSet pushedTo = new CappedSet(CAP);
    private CappedSet alerts = CappedSet.sorted(CAP);

    TokenRecord(String id) {
        this.id = id;
    }

    public static TokenRecord named(String id) {
        return new TokenRecord(id);
    }

    /**
     * Takes one event of this token, its owner having been removed from the organization at {@code ownerRemovedAt}
     * (or null): marked before the event is applied, so that a use after the removal counts as one. Events must come
     * in event-time order.
     */
    public void apply(Event e, Long ownerRemovedAt) {
        if (ownerRemovedAt != null) ownerRemoved(ownerRemovedAt);
        apply(e);
    }

    private void apply(Event e) {
        changes++;
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
        // The end may be known before earlier uses are applied (the job learns a removal before it applies them).
        Long end = endedAt();
        if (end != null && end <= e.timestamp) usesAfterEnd++;
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

    /** An alert was raised on an event of this token. */
    public void alertRaised(String alertId) {
        if (alerts.add(alertId)) changes++;
    }

    /** The owner was removed from the organization at {@code time}; a revoked or deleted token keeps that status. */
    public void ownerRemoved(long time) {
        if (ownerRemovedAt != null) return;
        changes++;
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
    public long changes() { return changes; }
    public long firstSeen() { return firstSeen; }
    public long lastSeen() { return lastSeen; }
    public CappedSet countries() { return countries; }
    public CappedSet networks() { return networks; }
    /** {@code repository:tag@digest} of each push. */
    public CappedSet pushedTo() { return pushedTo; }
    /** Ids of the alerts raised on its events (in the job; files-based inventories have none). */
    public CappedSet alerts() { return alerts; }

    /**
     * Everything the record holds, as compact JSON, for the job's keyed state: a record restored from it
     * ({@link #fromState}) continues exactly as this one would. Not the document investigators read.
     */
    public String toState() {
        return toStateNode().toString();
    }

    /** {@link #toState} as a JSON tree. */
    public ObjectNode toStateNode() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("owner", owner);
        n.put("kind", kind);
        scopes.forEach(n.putArray("scopes")::add);
        sighting(n, "created", created);
        sighting(n, "firstUse", firstUse);
        sighting(n, "lastUse", lastUse);
        n.put("status", status.name());
        n.put("revokedAt", revokedAt);
        n.put("deletedAt", deletedAt);
        n.put("ownerRemovedAt", ownerRemovedAt);
        n.put("uses", uses).put("pulls", pulls).put("pushes", pushes).put("failures", failures).put("usesAfterEnd", usesAfterEnd);
        n.put("changes", changes).put("firstSeen", firstSeen).put("lastSeen", lastSeen);
        n.set("countries", countries.toState());
        n.set("networks", networks.toState());
        n.set("pushedTo", pushedTo.toState());
        n.set("alerts", alerts.toState());
        return n;
    }

    public static TokenRecord fromState(String json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a token record's state: " + e.getOriginalMessage(), e);
        }
        TokenRecord r = new TokenRecord(n.path("id").asText());
        r.owner = text(n, "owner");
        r.kind = text(n, "kind");
        List<String> scopes = new ArrayList<>();
        n.path("scopes").forEach(v -> scopes.add(v.asText()));
        r.scopes = List.copyOf(scopes);
        r.created = sighting(n.get("created"));
        r.firstUse = sighting(n.get("firstUse"));
        r.lastUse = sighting(n.get("lastUse"));
        r.status = TokenStatus.valueOf(n.path("status").asText());
        r.revokedAt = time(n, "revokedAt");
        r.deletedAt = time(n, "deletedAt");
        r.ownerRemovedAt = time(n, "ownerRemovedAt");
        r.uses = n.path("uses").asLong();
        r.pulls = n.path("pulls").asLong();
        r.pushes = n.path("pushes").asLong();
        r.failures = n.path("failures").asLong();
        r.usesAfterEnd = n.path("usesAfterEnd").asLong();
        r.changes = n.path("changes").asLong();
        r.firstSeen = n.path("firstSeen").asLong();
        r.lastSeen = n.path("lastSeen").asLong();
        r.countries = CappedSet.fromState(n.path("countries"));
        r.networks = CappedSet.fromState(n.path("networks"));
        r.pushedTo = CappedSet.fromState(n.path("pushedTo"));
        r.alerts = CappedSet.fromState(n.path("alerts"));
        return r;
    }

    private static void sighting(ObjectNode n, String name, Sighting s) {
        if (s == null) return;
        n.putObject(name).put("time", s.time()).put("ip", s.ip()).put("country", s.country())
                .put("network", s.network()).put("userAgent", s.userAgent());
    }

    private static Sighting sighting(JsonNode s) {
        if (s == null || s.isNull()) return null;
        return new Sighting(s.path("time").asLong(), text(s, "ip"), text(s, "country"), text(s, "network"), text(s, "userAgent"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }
}
