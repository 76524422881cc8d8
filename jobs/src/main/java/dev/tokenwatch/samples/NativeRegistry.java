package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;
import static dev.tokenwatch.samples.Time.DAY;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;
import static dev.tokenwatch.samples.Time.SECOND;
import static dev.tokenwatch.samples.Token.ADMIN;
import static dev.tokenwatch.samples.Token.READ;
import static dev.tokenwatch.samples.Token.READ_WRITE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * acme's main registry behind its token server: its repositories, its tokens (one per repository
 * for CI, CI's read-only one, the deploy host's, one or two per person) and their benign use, written
 * as {@link NativeEvents}.
 */
final class NativeRegistry {

    private static final List<String> NAMED_REPOS = List.of(
            "acme/api", "acme/web", "acme/payments-api", "acme/auth", "acme/search", "acme/frontend",
            "acme/worker", "acme/gateway", "acme/notifications", "acme/analytics", "acme/orders",
            "acme/inventory", "acme/base-images", "acme/ml-serving", "acme/mobile-backend", "acme/admin-console");
    /** Who pushes besides CI, for the repositories the attacks touch. */
    private static final Map<String, String> NAMED_PUSHERS = Map.of(
            "acme/api", "dana", "acme/web", "alice", "acme/payments-api", "jdoe");

    /*
     * Mean gaps between one client's activities, which keep the native sample under 2 MB: a CI token
     * pulls a few times a day, a person about once a working day with each token.
     */
    private static final long CI_PULL_GAP = 6 * HOUR;
    private static final long PUSH_GAP = 8 * HOUR;
    static final long MACHINE_PULL_GAP = 2 * HOUR;
    private static final long MAIN_TOKEN_GAP = DAY;
    private static final long DANA_TOKEN_GAP = 3 * HOUR;
    private static final long EXTRA_TOKEN_GAP = 2 * DAY;
    private static final long LOGIN_GAP = DAY;
    /** The labels of the named people's personal tokens, which the attacks and the README use. */
    private static final Map<String, String> NAMED_TOKEN_LABELS = Map.of(
            "dana", "laptop", "alice", "laptop", "jdoe", "laptop", "rgomez", "laptop");

    final NativeEvents events;
    final Client deployBot = Client.machine("deploy-bot", List.of(Population.DEPLOY_HOST), Population.UA_CONTAINERD);
    /** CI's read-only token, for integration tests. */
    Token ciReadOnly;
    /** The deploy host's token until it is rotated on day 2. */
    Token oldDeploy;

    private final Simulation sim;
    private final Dice dice;
    private final Population population;
    private final BenignTraffic traffic;
    private final Client ciBot = Population.ciBot("ci-bot");
    private final List<Repo<Token>> repos = new ArrayList<>();
    private final Map<String, Repo<Token>> repoByName = new LinkedHashMap<>();
    private final Map<String, Token> tokenById = new LinkedHashMap<>();
    private final Map<Token, Repo<Token>> ciTokenRepo = new LinkedHashMap<>();
    /** The repositories each person pulls: the ones they push to and a few more. */
    private final Map<Human, List<Repo<Token>>> interests = new LinkedHashMap<>();

    NativeRegistry(Simulation sim, Population population, BenignTraffic traffic) {
        this.events = new NativeEvents(sim);
        this.sim = sim;
        this.dice = sim.dice;
        this.population = population;
        this.traffic = traffic;
        ciBot.activeFrom = BASE_TIME;
        deployBot.activeFrom = BASE_TIME;
        for (String name : Repo.names(NAMED_REPOS, population.scale.nativeRepos(), i -> "acme/svc-" + Repo.serviceWord(i))) {
            Repo<Token> repo = new Repo<>(name, dice);
            repos.add(repo);
            repoByName.put(name, repo);
        }
        addTokens();
    }

    Repo<Token> repo(String name) {
        return repoByName.get(name);
    }

    Token token(String id) {
        return tokenById.get(id);
    }

    /** The named repositories (the first ones), which every stream has. */
    List<Repo<Token>> namedRepos() {
        return repos.subList(0, NAMED_REPOS.size());
    }

    /** The repositories the deploy host rolls out. */
    List<Repo<Token>> productionRepos() {
        return repos.subList(0, Math.min(8, repos.size()));
    }

    Token newToken(String id, String kind, List<String> scopes, Client owner) {
        Token t = new Token(id, kind, scopes, owner);
        tokenById.put(id, t);
        return t;
    }

    private void addTokens() {
        // One CI token per repository, used by the runner pool, allowed to push to it.
        for (Repo<Token> repo : repos) {
            Token ci = newToken("tok-ci-" + repo.name.substring(repo.name.indexOf('/') + 1), "robot", READ_WRITE, ciBot);
            ci.activeFrom = BASE_TIME + dice.millisBetween(0, 3 * HOUR);
            repo.pushers.add(ci);
            ciTokenRepo.put(ci, repo);
        }
        ciReadOnly = newToken("tok-ci-readonly", "robot", READ, ciBot);
        ciReadOnly.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
        oldDeploy = newToken("tok-old-deploy", "robot", READ, deployBot);
        oldDeploy.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);

        Map<Repo<Token>, List<Human>> peoplePushing = choosePeoplePushers();
        Set<Human> pushers = new LinkedHashSet<>();
        peoplePushing.values().forEach(pushers::addAll);
        for (Human h : population.humans) {
            // Only people who push get write scope for sure; some others have it without using it.
            List<String> scopes = h.user.equals("admin1") ? ADMIN
                    : pushers.contains(h) || dice.chance(0.35) ? READ_WRITE : READ;
            String label = dice.pick(List.of("laptop", "desktop", "workstation", "cli"));
            // The attacks use these, so their ids are fixed.
            label = NAMED_TOKEN_LABELS.getOrDefault(h.user, label);
            h.mainToken = newToken(personalTokenId(h, label), "personal", scopes, h);
            h.mainToken.activeFrom = h.activeFrom + dice.millisBetween(0, 45 * MINUTE);
            if (dice.chance(0.7)) {
                h.extraToken = dice.chance(0.7)
                        ? newToken("tok-auto-" + dice.hex(8), "auto", ADMIN, h)
                        : newToken(personalTokenId(h, "build-vm"), "personal", READ, h);
                h.extraToken.activeFrom = h.activeFrom + dice.millisBetween(0, 90 * MINUTE);
            }
        }
        for (Map.Entry<Repo<Token>, List<Human>> e : peoplePushing.entrySet()) {
            for (Human h : e.getValue()) {
                e.getKey().pushers.add(h.mainToken);
                interests.computeIfAbsent(h, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        for (Human h : population.humans) {
            List<Repo<Token>> mine = interests.computeIfAbsent(h, k -> new ArrayList<>());
            for (Repo<Token> r : dice.sample(repos, dice.between(2, 4))) if (!mine.contains(r)) mine.add(r);
        }
    }

    /** dana, alice and jdoe push their repositories; other repositories get 0–2 other people. */
    private Map<Repo<Token>, List<Human>> choosePeoplePushers() {
        Map<Repo<Token>, List<Human>> chosen = new LinkedHashMap<>();
        List<Human> others = population.everyoneElse();
        for (Repo<Token> repo : repos) {
            String named = NAMED_PUSHERS.get(repo.name);
            if (named != null) chosen.put(repo, List.of(population.person(named)));
            else if (NAMED_REPOS.contains(repo.name) || dice.chance(0.5)) chosen.put(repo, dice.sample(others, dice.between(0, 2)));
        }
        return chosen;
    }

    private String personalTokenId(Human h, String label) {
        String id = "tok-" + h.user + "-" + label;
        return tokenById.containsKey(id) ? id + "-" + dice.hex(4) : id;
    }

    void start() {
        for (Map.Entry<Token, Repo<Token>> e : ciTokenRepo.entrySet()) {
            Token ci = e.getKey();
            List<Repo<Token>> pulls = List.of(e.getValue(), repoByName.get("acme/base-images"));
            traffic.repeatedly(ci, ci.activeFrom, CI_PULL_GAP, now -> useToken(ci, pulls, now));
        }
        traffic.repeatedly(ciReadOnly, ciReadOnly.activeFrom, MACHINE_PULL_GAP, now -> useToken(ciReadOnly, repos, now));
        List<Repo<Token>> production = productionRepos();
        traffic.repeatedly(oldDeploy, oldDeploy.activeFrom, MACHINE_PULL_GAP, now -> useToken(oldDeploy, production, now));
        for (Human h : population.humans) startPerson(h);
        for (Repo<Token> repo : repos) traffic.pushesTo(repo, PUSH_GAP, this::push);
        planTokenRotations();
    }

    private void startPerson(Human h) {
        List<Repo<Token>> mine = interests.get(h);
        // dana works with her images all day: attack A's impossible travel is measured against her own uses around it.
        long gap = h.user.equals("dana") ? DANA_TOKEN_GAP : MAIN_TOKEN_GAP;
        traffic.repeatedly(h.mainToken, h.mainToken.activeFrom, gap, now -> useToken(h.mainToken, mine, now));
        if (h.extraToken != null) {
            Token extra = h.extraToken;
            traffic.repeatedly(extra, extra.activeFrom, EXTRA_TOKEN_GAP, now -> useToken(extra, mine, now));
        }
        traffic.repeatedly(h, h.activeFrom + dice.millisBetween(0, 30 * MINUTE), LOGIN_GAP, now -> logIn(h, now));
    }

    /** A pull (or a few in a row, like `docker compose pull`), sometimes only a token check. */
    void useToken(Token t, List<Repo<Token>> repos, long now) {
        String ip = t.nextAddress(dice);
        if (dice.chance(0.08)) {
            events.tokenEvent("token.used", t, ip, t.agent, now);
            return;
        }
        int pulls = dice.chance(0.3) ? dice.between(2, 3) : 1;
        long at = now;
        for (int i = 0; i < pulls; i++) {
            events.pull(t, ip, t.agent, dice.pick(repos), at);
            at = traffic.shortly(at);
        }
    }

    private void push(Repo<Token> repo, Token by, long now) {
        events.push(by, by.nextAddress(dice), by.agent, repo, repo.release(dice, by.isMachine()), now);
    }

    private void logIn(Human h, long now) {
        String ip = h.nextAddress(dice);
        traffic.logIn(now, 0.08, 8 * SECOND, 90 * SECOND, (at, ok) -> events.login(h.user, ip, h.browser, ok, at));
    }

    /**
     * People create new tokens over the stream and revoke an older extra one a few hours later
     * (never their main token, which may push); some revoked tokens are deleted a day later.
     * A new token is used from its owner's usual addresses right after it is created.
     */
    private void planTokenRotations() {
        long from = BASE_TIME + 18 * HOUR;
        int rotations = (int) Math.round(population.humans.size() * 0.035 * (population.scale.span() / (double) DAY));
        List<Human> rotating = dice.sample(population.everyoneElse(), rotations);
        for (Human h : rotating) {
            long created = traffic.officeTimeBetween(h, from, population.scale.end() - 8 * HOUR);
            Token fresh = h.extraToken != null && h.extraToken.kind.equals("auto")
                    ? newToken("tok-auto-" + dice.hex(8), "auto", ADMIN, h)
                    : newToken(personalTokenId(h, "cli-" + dice.hex(4)), "personal", READ, h);
            fresh.activeFrom = created;
            Token old = h.extraToken;
            sim.at(created, now -> lifecycle("token.created", fresh, now));
            List<Repo<Token>> mine = interests.get(h);
            traffic.repeatedly(fresh, created + dice.millisBetween(2 * MINUTE, 20 * MINUTE), EXTRA_TOKEN_GAP, now -> useToken(fresh, mine, now));
            if (old != null) {
                long revoked = created + dice.millisBetween(HOUR, 8 * HOUR);
                old.retiredAt = revoked;
                sim.at(revoked, now -> lifecycle("token.revoked", old, now));
                if (dice.chance(0.4)) sim.at(revoked + dice.millisBetween(2 * HOUR, DAY), now -> lifecycle("token.deleted", old, now));
            }
        }
    }

    /**
     * A token created, revoked or deleted, from the owner's usual address. People manage their
     * tokens in the browser; machines rotate theirs with their own client.
     */
    void lifecycle(String action, Token t, long now) {
        String ip = t.nextAddress(dice);
        Human owner = population.person(t.user);
        events.tokenEvent(action, t, ip, owner != null ? owner.browser : t.agent, now);
    }
}
