package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Population.ATTACKER_A_ADDRESS;
import static dev.tokenwatch.samples.Population.ATTACKER_D_ADDRESS;
import static dev.tokenwatch.samples.Population.ATTACKER_I_ADDRESS;
import static dev.tokenwatch.samples.Population.ATTACKER_J_ADDRESS;
import static dev.tokenwatch.samples.Population.ATTACKER_K_ADDRESS;
import static dev.tokenwatch.samples.Population.CI_RUNNERS;
import static dev.tokenwatch.samples.Population.DEPLOY_HOST;
import static dev.tokenwatch.samples.Population.LEAKED_TOKEN_ADDRESS;
import static dev.tokenwatch.samples.Population.UA_ATTACKER_DOCKER;
import static dev.tokenwatch.samples.Population.UA_ATTACKER_SCRIPT;
import static dev.tokenwatch.samples.Population.UA_CI_RUNNER;
import static dev.tokenwatch.samples.Population.UA_CONTAINERD;
import static dev.tokenwatch.samples.Population.UA_DOCKER_LINUX;
import static dev.tokenwatch.samples.Population.UA_SKOPEO;
import static dev.tokenwatch.samples.Time.MINUTE;
import static dev.tokenwatch.samples.Time.SECOND;

import dev.tokenwatch.samples.Repo.Image;
import java.util.List;

/** The planted attacks; samples/README.md lists them with the rules that should fire. */
final class Attacks {

    private final Simulation sim;
    private final Dice dice;
    private final Scale scale;
    private final Population population;
    private final BenignTraffic traffic;
    private final NativeRegistry nativeRegistry;
    private final DistributionRegistry distribution;
    private final HarborRegistry harbor;
    private final DockerHubOrganization dockerHub;

    Attacks(Simulation sim, Scale scale, Population population, BenignTraffic traffic, NativeRegistry nativeRegistry,
            DistributionRegistry distribution, HarborRegistry harbor, DockerHubOrganization dockerHub) {
        this.sim = sim;
        this.dice = sim.dice;
        this.scale = scale;
        this.population = population;
        this.traffic = traffic;
        this.nativeRegistry = nativeRegistry;
        this.distribution = distribution;
        this.harbor = harbor;
        this.dockerHub = dockerHub;
    }

    /** At the README's times (day d, hh:mm), stretched over the mixed stream's span. */
    void plant() {
        stolenTokenFromAbroad(scale.at(3, 1, 47));
        readOnlyTokenPushes(scale.at(3, 10, 23));
        revokedDeployTokenUsed(scale.at(2, 14, 5), scale.at(3, 3, 12));
        unknownAccountPushesToDistribution(scale.at(3, 16, 40));
        otherRobotPushesToHarbor(scale.at(3, 21, 15));
        leakedTokenFromListUsed(scale.at(4, 4, 31));
        repositoryMadePublic(scale.at(4, 9, 2));
        compromisedRunnerPushesEverywhere(scale.at(4, 3, 3));
        departingEngineerCopiesRepositories(scale.at(3, 17, 5));
        passwordGuessedThenAdminTokenMinted(scale.at(4, 12, 40));
        autoTokensFarmed(scale.at(2, 19, 12));
        removedMembersTokenUsed(scale.at(4, 10, 30), scale.at(4, 22, 47));
        releaseTagRepointed(scale.at(4, 15, 20));
        ssoEnforcementDisabled(scale.at(4, 2, 14));
    }

    /** A: dana's laptop token, normally from Deutsche Telekom, used at night from a Singapore VPS. */
    private void stolenTokenFromAbroad(long start) {
        NativeRegistry n = nativeRegistry;
        Token stolen = n.token("tok-dana-laptop");
        sim.at(start, now -> {
            long t = checkThenPull(stolen, ATTACKER_A_ADDRESS,
                    List.of("acme/payments-api", "acme/auth", "acme/orders", "acme/admin-console"), 20 * SECOND, 3 * MINUTE, now);
            Repo<Token> target = n.repo("acme/payments-api");
            t += dice.millisBetween(4 * MINUTE, 9 * MINUTE);
            n.events.push(stolen, ATTACKER_A_ADDRESS, UA_ATTACKER_DOCKER, target, target.release(dice, false), t);
        });
    }

    /** B: the CI read-only token pushes to acme/web from a known runner. */
    private void readOnlyTokenPushes(long at) {
        Token readOnly = nativeRegistry.ciReadOnly;
        Repo<Token> web = nativeRegistry.repo("acme/web");
        String runner = CI_RUNNERS.get(2);
        sim.at(at, now -> nativeRegistry.events.push(readOnly, runner, UA_CI_RUNNER, web, web.release(dice, true), now));
    }

    /**
     * C (first half): on day 2 the deploy host rotates its token (tok-old-deploy revoked, a new
     * one created, both from the deploy host); on day 3 a forgotten cron job on the same host
     * still pulls with the revoked token.
     */
    private void revokedDeployTokenUsed(long rotation, long reuse) {
        NativeRegistry n = nativeRegistry;
        Token old = n.oldDeploy;
        Token fresh = n.newToken("tok-deploy-2611", "robot", Token.READ, n.deployBot);
        fresh.activeFrom = rotation;
        old.retiredAt = rotation + 40 * SECOND;
        sim.at(rotation, now -> n.lifecycle("token.created", fresh, now));
        sim.at(old.retiredAt, now -> n.lifecycle("token.revoked", old, now));
        List<Repo<Token>> production = n.productionRepos();
        traffic.repeatedly(fresh, rotation + 3 * MINUTE, NativeRegistry.MACHINE_PULL_GAP, now -> n.useToken(fresh, production, now));
        sim.at(reuse, now -> {
            long t = now;
            for (String repo : List.of("acme/api", "acme/gateway")) {
                n.events.pull(old, DEPLOY_HOST, UA_CONTAINERD, n.repo(repo), t);
                t = traffic.shortly(t);
            }
        });
    }

    /** C (second half): a token on the shipped revoked list (rules/lists/revoked-tokens.txt) is used. */
    private void leakedTokenFromListUsed(long at) {
        Client legacy = Client.machine("buildbot-legacy", List.of(LEAKED_TOKEN_ADDRESS), UA_ATTACKER_DOCKER);
        // Not registered with the registry: it was never issued in the stream.
        Token leaked = new Token("tok-leaked-2019", "personal", Token.READ_WRITE, legacy);
        sim.at(at, now -> checkThenPull(leaked, LEAKED_TOKEN_ADDRESS, List.of("acme/api", "acme/payments-api"), 30 * SECOND, 2 * MINUTE, now));
    }

    /**
     * A script trying a token: a {@code token.used} check, then pulls of {@code repos} a random
     * {@code minGap}–{@code maxGap} apart. Returns the time of the last pull.
     */
    private long checkThenPull(Token token, String ip, List<String> repos, long minGap, long maxGap, long start) {
        NativeRegistry n = nativeRegistry;
        long t = start;
        n.events.tokenEvent("token.used", token, ip, UA_ATTACKER_SCRIPT, t);
        for (String repo : repos) {
            t += dice.millisBetween(minGap, maxGap);
            n.events.pull(token, ip, UA_ATTACKER_DOCKER, n.repo(repo), t);
        }
        return t;
    }

    /** D: mallory, never seen before, pulls and then pushes acme/billing:latest from a Russian VPS. */
    private void unknownAccountPushesToDistribution(long at) {
        Client mallory = Client.machine("mallory", List.of(ATTACKER_D_ADDRESS), UA_ATTACKER_DOCKER);
        Repo<Client> billing = distribution.repo("acme/billing");
        DistributionNotifications d = distribution.notifications;
        sim.at(at, now -> d.pull(mallory, ATTACKER_D_ADDRESS, UA_ATTACKER_DOCKER, billing, billing.forPull(dice), now));
        sim.at(at + 3 * MINUTE + 12 * SECOND, now -> {
            Image backdoored = new Image("latest", dice.digest(), 1_183);
            d.push(billing, mallory, ATTACKER_D_ADDRESS, UA_ATTACKER_DOCKER, backdoored, now);
        });
    }

    /** F: a stale robot of the payments project, never a pusher of payments/api, pushes to it. */
    private void otherRobotPushesToHarbor(long at) {
        Repo<Client> api = harbor.repo("payments/api");
        sim.at(at, now -> harbor.audit.pushed("robot$payments+old", api, api.release(dice, false), now));
    }

    /** E: mlee makes the private acme/billing repository public on Docker Hub. */
    private void repositoryMadePublic(long at) {
        sim.at(at, now -> dockerHub.audit.privacyChanged("acme/billing", "mlee", "public", now));
    }

    /** The repositories attack G implants its image into, each with its own CI token. */
    private static final List<String> G_REPOS = List.of(
            "acme/api", "acme/web", "acme/payments-api", "acme/auth", "acme/frontend", "acme/gateway",
            "acme/orders", "acme/base-images", "acme/admin-console");

    /**
     * G: the mass push feared after the 2019 Docker Hub breach. Someone on a CI runner takes the CI
     * tokens stored there and pushes the same backdoored build, tagged like a CI build, to nine
     * repositories within minutes, each with that repository's own token from the runner's own
     * address: no new actor, only the number of repositories stands out.
     */
    private void compromisedRunnerPushesEverywhere(long start) {
        NativeRegistry n = nativeRegistry;
        String runner = CI_RUNNERS.get(4);
        sim.at(start, now -> {
            long t = now;
            for (String name : G_REPOS) {
                Repo<Token> repo = n.repo(name);
                Token ci = n.token("tok-ci-" + name.substring(name.indexOf('/') + 1));
                n.events.push(ci, runner, UA_CI_RUNNER, repo, repo.pushedAs("main-badc0de", dice), t);
                t += dice.millisBetween(25 * SECOND, 50 * SECOND);
            }
        });
    }

    /**
     * H: on his last evening rgomez copies every named repository with skopeo, with his own token
     * from his usual address, one after the other within minutes.
     */
    private void departingEngineerCopiesRepositories(long start) {
        NativeRegistry n = nativeRegistry;
        Token token = population.person("rgomez").mainToken;
        sim.at(start, now -> {
            String ip = token.nextAddress(dice);
            long t = now;
            for (Repo<Token> repo : n.namedRepos()) {
                n.events.pull(token, ip, UA_SKOPEO, repo, t);
                t += dice.millisBetween(18 * SECOND, 32 * SECOND);
            }
        });
    }

    /**
     * I and J: a password-guessing run against alice from a Tor exit node succeeds after twelve
     * failures; with the session the attacker creates a repo:admin token named like a backup job's,
     * then logs in with it from a VPS in another country and pulls the payments image. alice
     * created her usual read/write token on the first morning, more than three days earlier, so the
     * admin scope is new for her.
     */
    private void passwordGuessedThenAdminTokenMinted(long start) {
        NativeRegistry n = nativeRegistry;
        Human alice = population.person("alice");
        Token usual = alice.mainToken;
        long setUp = usual.activeFrom - dice.millisBetween(2 * MINUTE, 10 * MINUTE);
        sim.at(setUp, now -> n.lifecycle("token.created", usual, now));
        Token minted = n.newToken("tok-alice-backup", "personal", Token.ADMIN,
                Client.machine("alice", List.of(ATTACKER_J_ADDRESS), UA_ATTACKER_DOCKER));
        sim.at(start, now -> {
            long t = now;
            for (int i = 0; i < 12; i++) {
                n.events.login("alice", ATTACKER_I_ADDRESS, UA_ATTACKER_SCRIPT, false, t);
                t += dice.millisBetween(20 * SECOND, 40 * SECOND);
            }
            n.events.login("alice", ATTACKER_I_ADDRESS, UA_ATTACKER_SCRIPT, true, t);
            t += dice.millisBetween(2 * MINUTE, 4 * MINUTE);
            n.events.tokenEvent("token.created", minted, ATTACKER_I_ADDRESS, UA_ATTACKER_SCRIPT, t);
            t += dice.millisBetween(40 * SECOND, 90 * SECOND);
            n.events.tokenEvent("token.used", minted, ATTACKER_J_ADDRESS, UA_ATTACKER_DOCKER, t);
            t += dice.millisBetween(20 * SECOND, 60 * SECOND);
            n.events.pull(minted, ATTACKER_J_ADDRESS, UA_ATTACKER_DOCKER, n.repo("acme/payments-api"), t);
        });
    }

    /**
     * K: within an hour, Docker Desktop is signed in with kbauer's account on six throwaway cloud
     * machines behind one Hetzner address; each sign-in creates an auto-generated token.
     */
    private void autoTokensFarmed(long start) {
        NativeRegistry n = nativeRegistry;
        Client farm = Client.machine("kbauer", List.of(ATTACKER_K_ADDRESS), UA_DOCKER_LINUX);
        long t = start;
        for (int i = 0; i < 6; i++) {
            Token auto = n.newToken("tok-auto-" + dice.hex(8), "auto", Token.ADMIN, farm);
            sim.at(t, now -> n.events.tokenEvent("token.created", auto, ATTACKER_K_ADDRESS, UA_DOCKER_LINUX, now));
            t += dice.millisBetween(5 * MINUTE, 10 * MINUTE);
        }
    }

    /**
     * L: admin1 removes rgomez from the organization the morning after his last day (on Docker Hub and
     * on the main registry), but nobody revokes his token; that night a job on his home machine still
     * pulls with it. He does nothing else after the removal.
     */
    private void removedMembersTokenUsed(long removal, long use) {
        NativeRegistry n = nativeRegistry;
        Human rgomez = population.person("rgomez");
        rgomez.retiredAt = removal;
        rgomez.mainToken.retiredAt = removal;
        if (rgomez.extraToken != null) rgomez.extraToken.retiredAt = removal;
        // The identity provider deprovisions him from both organizations in the same second. The main
        // registry's own record keeps the detection independent of the order the job reads its files in.
        sim.at(removal, now -> {
            dockerHub.audit.organizationMemberRemoved("admin1", "rgomez", now);
            n.events.organizationMemberRemoved("acme", "admin1", "rgomez", now);
        });
        Token token = rgomez.mainToken;
        sim.at(use, now -> {
            String ip = token.nextAddress(dice);
            long t = now;
            for (String repo : List.of("acme/orders", "acme/payments-api")) {
                n.events.pull(token, ip, token.agent, n.repo(repo), t);
                t = traffic.shortly(t);
            }
        });
    }

    /**
     * M: jdoe, who releases acme/payments-api, pushes its newest release tag again from his usual
     * address with a different image: everyone pulling that version now gets the new image.
     */
    private void releaseTagRepointed(long at) {
        NativeRegistry n = nativeRegistry;
        Token jdoe = population.person("jdoe").mainToken;
        Repo<Token> repo = n.repo("acme/payments-api");
        sim.at(at, now -> {
            Image release = repo.lastVersionPushed;
            if (release == null) return;
            n.events.push(jdoe, jdoe.nextAddress(dice), jdoe.agent, repo, repo.pushedAs(release.tag(), dice), now);
        });
    }

    /** N: at night, admin1's account turns off SSO enforcement for the Docker Hub organization. */
    private void ssoEnforcementDisabled(long at) {
        sim.at(at, now -> dockerHub.audit.organizationSettingChanged("org.sso.enforcement.disable", "admin1",
                "disabled SSO enforcement for the organization acme", now));
    }
}
