package dev.tokenwatch.enrich;

import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which networks the organization shares: a CI provider's runner pool, the office, the VPN. For each
 * network (its AS, else its prefix) it remembers the accounts (users; a token without a user stands
 * for itself) that used it successfully, and sets on every event from it {@code source.network.shared_by},
 * how many <em>other</em> accounts use it routinely, and {@code source.network.familiar}, whether the
 * event's own account does. Novelty rules can then stay quiet when a token first shows up on a network
 * half the organization uses every day, or on its owner's home line.
 *
 * <p>"Routinely" means an account's uses of the network span at least {@link #ESTABLISHED_MILLIS} and the
 * last lies within {@link #WINDOW_MILLIS}: an attacker replaying one stolen credential after another from
 * the same server, minutes each, never makes that server's network shared. At most
 * {@link #MAX_ENTITIES} accounts are remembered per network (the least recently seen go first), so
 * {@code shared_by} saturates there and state stays bounded.
 * Events must come in event-time order per network, as the job's order stage releases them.
 */
public final class NetworkSharing {
    public static final long WINDOW_MILLIS = 30L * 24 * 3_600_000;
    public static final long ESTABLISHED_MILLIS = 24L * 3_600_000;
    public static final int MAX_ENTITIES = 64;

    /** One network's accounts and their {first use, last use} times. */
    public interface Uses {
        long[] get(String entity);

        void put(String entity, long[] firstAndLast);

        void remove(String entity);

        Iterable<Map.Entry<String, long[]>> entries();
    }

    private NetworkSharing() {}

    /** {@code AS3320}, or the address's prefix when there is no AS data; null without an address. */
    public static String networkOf(Event event) {
        if (event.asNumber != null) return "AS" + event.asNumber;
        return event.networkPrefix;
    }

    /**
     * Sets the event's {@code source.network.shared_by} from {@code uses}, its network's (the input's own
     * value never counts: it would let a forged field make any network look familiar), then records the
     * use. An event without a network gets none.
     */
    public static void observe(Event event, Uses uses) {
        event.networkSharedBy = null;
        event.networkFamiliar = null;
        if (networkOf(event) == null) return;
        // Who counts as one user of a network is the account (entity.owner), not the token: one person
        // minting seven tokens from a server does not make its network shared.
        String who = event.entityOwner;
        long now = event.timestamp;
        long shared = 0;
        long[] own = null;
        String oldest = null;
        long oldestLast = Long.MAX_VALUE;
        int remembered = 0;
        for (Map.Entry<String, long[]> entry : uses.entries()) {
            long[] use = entry.getValue();
            remembered++;
            if (use[1] < oldestLast) {
                oldestLast = use[1];
                oldest = entry.getKey();
            }
            if (entry.getKey().equals(who)) own = use;
            else if (routine(use, now)) shared++;
        }
        event.networkSharedBy = shared;
        event.networkFamiliar = own != null && routine(own, now);
        if (who == null || !"success".equals(event.outcome)) return;
        if (own != null && own[1] > now - WINDOW_MILLIS) {
            uses.put(who, new long[] {own[0], Math.max(own[1], now)});
            return;
        }
        if (own == null && remembered >= MAX_ENTITIES) uses.remove(oldest);
        uses.put(who, new long[] {now, now});
    }

    /** Uses kept in a plain map, for the in-process pipeline. */
    public static Uses inMemory() {
        Map<String, long[]> map = new LinkedHashMap<>();
        return new Uses() {
            @Override
            public long[] get(String entity) {
                return map.get(entity);
            }

            @Override
            public void put(String entity, long[] firstAndLast) {
                map.put(entity, firstAndLast);
            }

            @Override
            public void remove(String entity) {
                map.remove(entity);
            }

            @Override
            public Iterable<Map.Entry<String, long[]>> entries() {
                return map.entrySet();
            }
        };
    }

    private static boolean routine(long[] use, long now) {
        return use[1] - use[0] >= ESTABLISHED_MILLIS && use[1] > now - WINDOW_MILLIS;
    }

    /** Forgets entities not seen for the window by {@code time}; true when none is left. */
    public static boolean expire(Uses uses, long time) {
        List<String> gone = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<String, long[]> entry : uses.entries()) {
            if (entry.getValue()[1] <= time - WINDOW_MILLIS) gone.add(entry.getKey());
            else any = true;
        }
        gone.forEach(uses::remove);
        return !any;
    }
}
