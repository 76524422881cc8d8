package dev.tokenwatch.inventory;

import dev.tokenwatch.enrich.IpAddresses;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers, for a leak starting at {@code since}: which tokens were used (or created) since then from a
 * network or country new to them, which pushed and what, which were tried after revocation or deletion,
 * and which were used after their owner left the organization.
 *
 * <p>"New to them" is judged against what was seen before {@code since} of the token and of its owner
 * (logins included): a token created after the leak has no history of its own, and one its owner
 * creates and uses from home is not news while one minted from a VPS is.
 */
public final class BreachTriage {
    private final long since;
    private final String sinceText;
    private final TokenInventory inventory = new TokenInventory();
    private final Map<String, Known> tokenKnown = new HashMap<>();
    private final Map<String, Known> ownerKnown = new HashMap<>();
    /** Network -> the accounts seen on it before the leak: an ISP many colleagues use is the organization's own. */
    private final Map<String, Set<String>> networkAccounts = new HashMap<>();
    /** repository:tag -> the digest it last pointed at, by anyone: a tag pointed elsewhere is worth a look. */
    private final Map<String, String> tagDigests = new HashMap<>();
    private final Set<String> reportedSources = new HashSet<>();
    private final List<Finding> newSources = new ArrayList<>();
    private final Map<String, Finding> pushes = new LinkedHashMap<>();
    private final List<PushSighting> pushSightings = new ArrayList<>();
    private final Map<String, Tries> afterRevocation = new LinkedHashMap<>();
    private final Map<String, Tries> afterOwnerRemoved = new LinkedHashMap<>();

    /** Distinct repositories pushed from one address within {@link #MASS_PUSH_WINDOW_MILLIS} that make a mass push. */
    static final int MASS_PUSH_REPOSITORIES = 5;
    /** Accounts other than the owner on a network before the leak that make it the organization's own. */
    static final int FAMILIAR_NETWORK_ACCOUNTS = 3;
    static final long MASS_PUSH_WINDOW_MILLIS = 10 * 60_000L;

    /** A push since the leak, by the key of its finding. */
    private record PushSighting(String key, long time, String ip, String repository) {}

    /** What was seen of a token or an account before the leak. */
    private static final class Known {
        final Set<String> countries = new HashSet<>();
        final Set<String> networks = new HashSet<>();
        final Set<String> pushedRepositories = new HashSet<>();
        final Set<String> clients = new HashSet<>();
    }

    /** Uses of a token after it should have stopped being used: the first, how many, the last. */
    private static final class Tries {
        final Finding first;
        long count = 1;
        long last;

        Tries(Finding first) {
            this.first = first;
            this.last = first.at().time();
        }
    }

    private BreachTriage(long since) {
        this.since = since;
        this.sinceText = Instant.ofEpochMilli(since).toString();
    }

    /** The report over {@code events} in any order (a sorted copy is read). */
    public static TriageReport run(Collection<Event> events, long since) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Event.IN_TIME_ORDER);
        BreachTriage triage = new BreachTriage(since);
        sorted.forEach(triage::accept);
        return triage.report();
    }

    private void accept(Event e) {
        inventory.accept(e);
        if (e.timestamp < since) {
            learn(e);
        } else if (e.tokenId != null) {
            TokenRecord record = inventory.token(e.tokenId).orElseThrow();
            if (TokenUses.isUse(e) || Actions.TOKEN_CREATED.equals(e.action)) checkSource(e, record);
            if (Actions.IMAGE_PUSH.equals(e.action)) checkPush(e, record);
            if (TokenUses.isUse(e)) checkEnded(e, record);
        }
        if (Actions.IMAGE_PUSH.equals(e.action) && e.repositoryName != null && e.imageTag != null && e.imageDigest != null) {
            tagDigests.put(e.repositoryName + ":" + e.imageTag, e.imageDigest);
        }
    }

    private void learn(Event e) {
        Sighting s = Sighting.of(e);
        if (e.userName != null) remember(ownerKnown.computeIfAbsent(e.userName, k -> new Known()), s);
        if (e.userName != null && s.network() != null) networkAccounts.computeIfAbsent(s.network(), k -> new HashSet<>()).add(e.userName);
        if (!TokenUses.isUse(e)) return;
        Known token = tokenKnown.computeIfAbsent(e.tokenId, k -> new Known());
        remember(token, s);
        if (Actions.IMAGE_PUSH.equals(e.action) && e.repositoryName != null) token.pushedRepositories.add(e.repositoryName);
    }

    private static void remember(Known known, Sighting s) {
        if (s.country() != null) known.countries.add(s.country());
        if (s.network() != null) known.networks.add(s.network());
        if (s.userAgent() != null) known.clients.add(s.userAgent());
    }

    /** The token's own history and its owner's together: a person's second token used from their home line is not news. */
    private Known baseline(TokenRecord record) {
        Known both = new Known();
        for (Known k : new Known[] {tokenKnown.get(record.id()), record.owner() == null ? null : ownerKnown.get(record.owner())}) {
            if (k == null) continue;
            both.countries.addAll(k.countries);
            both.networks.addAll(k.networks);
            both.clients.addAll(k.clients);
        }
        return both;
    }

    private String baselineName(TokenRecord record) {
        return "this token or its owner " + (record.owner() == null ? "(unknown)" : record.owner());
    }

    /**
     * What is new about where {@code s} came from: its network, unless {@code known} has it or it is one
     * the organization uses routinely (at least {@link #FAMILIAR_NETWORK_ACCOUNTS} other accounts on it
     * before the leak: the big home ISPs, the CI cloud), and then its country too. Without a network the
     * country alone decides, and so it does for an address known only by country and without AS data (a
     * mobile or CGNAT pool, whose /24 changes with every connection). With {@code knownClientIsOwner}, nothing
     * is new when the client (user agent) is one the token or its owner used before the leak: the owner's own
     * machine on a VPN, a hotspot or a trip, as the rules judge it; a stolen credential is replayed with the
     * attacker's tools. Empty when nothing is new.
     */
    private List<String> newTo(Known known, Sighting s, String owner, boolean countryOnly, boolean knownClientIsOwner) {
        List<String> news = new ArrayList<>();
        // A client address that is no IP address is a forged X-Forwarded-For: whoever sent it hides where they are.
        if (s.ip() != null && !IpAddresses.isValid(s.ip())) news.add("client address '" + s.ip() + "' is not an IP address");
        if (knownClientIsOwner && s.userAgent() != null && known.clients.contains(s.userAgent())) return news;
        boolean newCountry = s.country() != null && !known.countries.contains(s.country());
        if (s.network() == null || countryOnly) {
            if (newCountry) news.add("country " + s.country());
            return news;
        }
        if (known.networks.contains(s.network())) return news;
        Set<String> accounts = networkAccounts.getOrDefault(s.network(), Set.of());
        long others = accounts.size() - (accounts.contains(owner) ? 1 : 0);
        if (others >= FAMILIAR_NETWORK_ACCOUNTS) return news;
        if (newCountry) news.add("country " + s.country());
        news.add("network " + s.network() + (others == 0 ? " (no account of the organization on it before)" : " (" + others + " other account(s) on it before)"));
        return news;
    }

    private static boolean countryOnly(Event e) {
        return e.asNumber == null && e.cityName == null && e.countryIsoCode != null;
    }

    /** A version-like tag ({@code 2.2.5}, {@code v1.4}): moving it changes what everyone pulling that version gets, unlike {@code latest} or a branch tag. */
    static boolean isRelease(String tag) {
        return tag != null && tag.matches("v?\\d+(\\.\\d+)+([-+.][0-9A-Za-z.-]+)?");
    }

    /**
     * A credential nobody had seen, whose owner had not been seen either, and that was not created in
     * the window: it existed before and was kept somewhere else (a leaked list, a stale robot).
     */
    private boolean unknownCredential(TokenRecord record) {
        return !tokenKnown.containsKey(record.id()) && (record.owner() == null || !ownerKnown.containsKey(record.owner()))
                && record.created() == null;
    }

    private void checkSource(Event e, TokenRecord record) {
        Sighting s = Sighting.of(e);
        Known known = baseline(record);
        // A token minted from a new network is judged without its client: Docker Desktop signs in with the same
        // user agent on every machine, the attacker's with a stolen password included.
        boolean created = Actions.TOKEN_CREATED.equals(e.action);
        List<String> news = newTo(known, s, record.owner(), countryOnly(e), !created);
        if (news.isEmpty() || !reportedSources.add(record.id() + "|" + s.country() + "|" + s.network())) return;
        String what = created ? "created" : e.action + (e.repositoryName == null ? "" : " " + e.repositoryName);
        newSources.add(new Finding(TriageSection.NEW_SOURCE, record.id(), record.owner(), s, what,
                String.join(" and ", news) + " not seen for " + baselineName(record) + " before " + sinceText, true));
    }

    private void checkPush(Event e, TokenRecord record) {
        String target = TokenUses.pushTarget(e);
        if (pushes.containsKey(record.id() + "|" + target)) return;
        Known token = tokenKnown.get(record.id());
        Known known = baseline(record);
        Sighting s = Sighting.of(e);
        List<String> why = new ArrayList<>();
        if (!newTo(known, s, record.owner(), countryOnly(e), true).isEmpty()) why.add("from a network new to " + baselineName(record));
        if (!record.scopes().isEmpty() && record.scopes().stream().noneMatch(sc -> sc.contains("write") || sc.contains("admin"))) {
            why.add("read-only token (" + String.join(",", record.scopes()) + ")");
        }
        String before = e.repositoryName == null || e.imageTag == null ? null : tagDigests.get(e.repositoryName + ":" + e.imageTag);
        if (before != null && e.imageDigest != null && !before.equals(e.imageDigest) && isRelease(e.imageTag)) {
            why.add("release tag re-pointed, it was " + before);
        }
        if (unknownCredential(record)) why.add("neither the token nor its owner was seen before " + sinceText + ", and it was not created since");
        boolean notable = !why.isEmpty();
        // A first push is worth knowing but not a suspicion on its own: developers push new repositories every week.
        String first = token == null || token.pushedRepositories.isEmpty() ? "no push by this token before " + sinceText
                : e.repositoryName != null && !token.pushedRepositories.contains(e.repositoryName) ? "its first push to " + e.repositoryName : null;
        if (!notable) why.add("routine: the network or the client is known for this token or its owner" + (first == null ? "" : "; " + first));
        else if (first != null) why.add(first);
        pushes.put(record.id() + "|" + target, new Finding(TriageSection.PUSH, record.id(), record.owner(), s, "push " + target, String.join("; ", why), notable));
        pushSightings.add(new PushSighting(record.id() + "|" + target, e.timestamp, s.ip(), e.repositoryName));
    }

    private void checkEnded(Event e, TokenRecord record) {
        Long revoked = earliest(record.revokedAt(), record.deletedAt());
        if (revoked != null && revoked <= e.timestamp) {
            String why = (record.deletedAt() != null && record.deletedAt().equals(revoked) ? "deleted at " : "revoked at ")
                    + Instant.ofEpochMilli(revoked);
            tried(afterRevocation, TriageSection.USED_AFTER_REVOCATION, e, record, why);
        }
        Long removed = record.ownerRemovedAt();
        if (removed != null && removed <= e.timestamp) {
            tried(afterOwnerRemoved, TriageSection.USED_AFTER_OWNER_REMOVED, e, record,
                    "owner " + record.owner() + " removed from the organization at " + Instant.ofEpochMilli(removed));
        }
    }

    private static Long earliest(Long a, Long b) {
        if (a == null) return b;
        if (b == null) return a;
        return Math.min(a, b);
    }

    private static void tried(Map<String, Tries> byToken, TriageSection section, Event e, TokenRecord record, String why) {
        Tries tries = byToken.get(record.id());
        if (tries == null) {
            byToken.put(record.id(), new Tries(new Finding(section, record.id(), record.owner(), Sighting.of(e), null, why, true)));
        } else {
            tries.count++;
            tries.last = e.timestamp;
        }
    }

    private TriageReport report() {
        Map<TriageSection, List<Finding>> sections = new EnumMap<>(TriageSection.class);
        sections.put(TriageSection.NEW_SOURCE, newSources);
        markMassPushes();
        sections.put(TriageSection.PUSH, new ArrayList<>(pushes.values()));
        sections.put(TriageSection.USED_AFTER_REVOCATION, summarize(afterRevocation));
        sections.put(TriageSection.USED_AFTER_OWNER_REMOVED, summarize(afterOwnerRemoved));
        return new TriageReport(since, sections);
    }

    /**
     * A burst of pushes to many repositories from one address is the compromised-runner pattern: each
     * push, with its repository's own token from a known runner, looks routine on its own. Benign
     * traffic, CI included, pushes at most a few repositories from one address in ten minutes.
     */
    private void markMassPushes() {
        Map<String, List<PushSighting>> byAddress = new HashMap<>();
        for (PushSighting p : pushSightings) if (p.ip() != null && p.repository() != null) byAddress.computeIfAbsent(p.ip(), k -> new ArrayList<>()).add(p);
        for (Map.Entry<String, List<PushSighting>> entry : byAddress.entrySet()) {
            List<PushSighting> list = entry.getValue();
            for (int start = 0; start < list.size(); start++) {
                int end = start;
                Set<String> repositories = new HashSet<>();
                while (end < list.size() && list.get(end).time() - list.get(start).time() <= MASS_PUSH_WINDOW_MILLIS) repositories.add(list.get(end++).repository());
                if (repositories.size() < MASS_PUSH_REPOSITORIES) continue;
                String why = "one of " + repositories.size() + " repositories pushed from " + entry.getKey() + " within "
                        + MASS_PUSH_WINDOW_MILLIS / 60_000 + " minutes";
                for (PushSighting p : list.subList(start, end)) {
                    Finding f = pushes.get(p.key());
                    if (f.why().contains("repositories pushed from")) continue;
                    String reason = f.notable() ? f.why() + "; " + why : why;
                    pushes.put(p.key(), new Finding(f.section(), f.token(), f.owner(), f.at(), f.what(), reason, true));
                }
            }
        }
    }

    private static List<Finding> summarize(Map<String, Tries> byToken) {
        List<Finding> findings = new ArrayList<>();
        for (Tries t : byToken.values()) {
            Finding f = t.first;
            String what = t.count + (t.count == 1 ? " use" : " uses") + (t.count == 1 ? "" : ", the last at " + Instant.ofEpochMilli(t.last));
            findings.add(new Finding(f.section(), f.token(), f.owner(), f.at(), what, f.why(), true));
        }
        return findings;
    }
}
