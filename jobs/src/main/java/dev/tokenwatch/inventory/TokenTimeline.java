package dev.tokenwatch.inventory;

import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One token's story as an investigator reads it first: its lifecycle (created, revoked, deleted, its
 * owner removed), its uses grouped by network and UTC day, and every push.
 */
public record TokenTimeline(String tokenId, List<String> lifecycle, List<UseGroup> uses, List<String> pushes) {
    /** Uses of the token from one network on one day. */
    public record UseGroup(String day, String network, long uses, long pulls, long pushes, long failures, TreeSet<String> countries, TreeSet<String> addresses) {}

    /** The timeline of {@code tokenId} in {@code events}, which must be in event time order; empty lists when the token is not there. */
    public static TokenTimeline of(List<Event> events, String tokenId) {
        List<String> lifecycle = new ArrayList<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, TreeSet<String>> countries = new LinkedHashMap<>();
        Map<String, TreeSet<String>> addresses = new LinkedHashMap<>();
        List<String> pushes = new ArrayList<>();
        String owner = null;
        for (Event e : events) {
            if (TokenUses.isOrganizationRemoval(e) && e.targetUserName.equals(owner)) {
                lifecycle.add(time(e.timestamp) + "  owner " + owner + " removed from the organization" + by(e));
            }
            if (!tokenId.equals(e.tokenId)) continue;
            if (owner == null) owner = e.userName;
            Sighting s = Sighting.of(e);
            if (!TokenUses.isUse(e)) {
                if (!Actions.TOKEN_GRANTED.equals(e.action)) lifecycle.add(time(e.timestamp) + "  " + e.action + by(e) + from(s));
                continue;
            }
            String day = time(e.timestamp).substring(0, 10);
            String network = s.network() == null ? "(no address)" : s.network();
            String key = day + "|" + network;
            long[] c = counts.computeIfAbsent(key, k -> new long[4]);
            c[0]++;
            if (Actions.IMAGE_PULL.equals(e.action)) c[1]++;
            if (Actions.IMAGE_PUSH.equals(e.action)) {
                c[2]++;
                pushes.add(time(e.timestamp) + "  " + TokenUses.pushTarget(e) + from(s));
            }
            if (TokenUses.isFailure(e)) c[3]++;
            if (s.country() != null) countries.computeIfAbsent(key, k -> new TreeSet<>()).add(s.country());
            if (s.ip() != null) addresses.computeIfAbsent(key, k -> new TreeSet<>()).add(s.ip());
        }
        List<UseGroup> groups = new ArrayList<>();
        counts.forEach((key, c) -> {
            String[] parts = key.split("\\|", 2);
            groups.add(new UseGroup(parts[0], parts[1], c[0], c[1], c[2], c[3],
                    countries.getOrDefault(key, new TreeSet<>()), addresses.getOrDefault(key, new TreeSet<>())));
        });
        return new TokenTimeline(tokenId, lifecycle, groups, pushes);
    }

    private static String time(long millis) {
        return Times.utc(millis);
    }

    private static String by(Event e) {
        return e.userName == null ? "" : " by " + e.userName;
    }

    private static String from(Sighting s) {
        if (s.ip() == null) return "";
        return " from " + s.ip() + (s.country() == null ? "" : " (" + s.country() + (s.network() == null ? "" : ", " + s.network()) + ")");
    }
}
