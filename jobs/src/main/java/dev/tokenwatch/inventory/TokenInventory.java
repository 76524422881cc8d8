package dev.tokenwatch.inventory;

import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@link TokenRecord} per token, folded from events in {@link Event#IN_TIME_ORDER}. Events that
 * name no token are ignored, except an organization's {@code member.remove}: it marks every token of
 * the removed member, including ones first seen after the removal.
 */
public final class TokenInventory {
    private final Map<String, TokenRecord> tokens = new TreeMap<>();
    /** Removed member -> when; the first removal counts (Docker Hub and the registry may both record it). */
    private final Map<String, Long> removedOwners = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private long lastApplied = Long.MIN_VALUE;

    /** The inventory of {@code events}, in any order: they are sorted first (a copy; the list is left alone). */
    public static TokenInventory of(Collection<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Event.IN_TIME_ORDER);
        TokenInventory inventory = new TokenInventory();
        sorted.forEach(inventory::accept);
        return inventory;
    }

    /** Takes the next event; they must come in event time order, since "used after revocation" depends on it. */
    public void accept(Event e) {
        if (e.timestamp < lastApplied) {
            throw new IllegalArgumentException("event " + e.id + " at " + Times.utc(e.timestamp) + " comes after one at " + Times.utc(lastApplied)
                    + ": fold events in event time order (Event.IN_TIME_ORDER)");
        }
        lastApplied = e.timestamp;
        newest = Math.max(newest, e.timestamp);
        if (TokenUses.isOrganizationRemoval(e)) {
            removeOwner(e.targetUserName, e.timestamp);
            return;
        }
        if (e.tokenId == null) return;
        TokenRecord record = tokens.computeIfAbsent(e.tokenId, TokenRecord::new);
        String owner = record.owner() != null ? record.owner() : e.userName;
        record.apply(e, owner == null ? null : removedOwners.get(owner));
    }

    private void removeOwner(String owner, long time) {
        if (removedOwners.putIfAbsent(owner, time) != null) return;
        for (TokenRecord r : tokens.values()) if (owner.equals(r.owner())) r.ownerRemoved(time);
    }

    /** Every token, by id. */
    public Collection<TokenRecord> tokens() {
        return Collections.unmodifiableCollection(tokens.values());
    }

    public Optional<TokenRecord> token(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    /**
     * How many tokens of {@code kind} each owner has, e.g. {@code auto}: Docker Hub keeps only a user's five
     * most recently used auto-generated tokens, so more than five in the stream means tokens minted fast.
     */
    public Map<String, Long> countByOwner(String kind) {
        Map<String, Long> counts = new TreeMap<>();
        for (TokenRecord r : tokens.values()) {
            if (kind.equals(r.kind()) && r.owner() != null) counts.merge(r.owner(), 1L, Long::sum);
        }
        return counts;
    }

    /** Members removed from the organization, and when. */
    public Map<String, Long> removedOwners() {
        return Collections.unmodifiableMap(removedOwners);
    }

    /** The time of the newest event taken: "now" for a dormancy question over files. */
    public long newestEventTime() {
        return newest;
    }
}
