package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Population.ATTACKER_A_ADDRESS;
import static dev.tokenwatch.samples.Population.ATTACKER_D_ADDRESS;
import static dev.tokenwatch.samples.Population.CI_RUNNERS;
import static dev.tokenwatch.samples.Population.DEPLOY_HOST;
import static dev.tokenwatch.samples.Population.LEAKED_TOKEN_ADDRESS;
import static dev.tokenwatch.samples.Population.UA_ATTACKER_DOCKER;
import static dev.tokenwatch.samples.Population.UA_ATTACKER_SCRIPT;
import static dev.tokenwatch.samples.Population.UA_CI_RUNNER;
import static dev.tokenwatch.samples.Population.UA_CONTAINERD;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;
import static dev.tokenwatch.samples.Time.SECOND;

import dev.tokenwatch.samples.Repo.Image;
import java.util.List;

/** The planted attacks; samples/README.md lists them with the rules that should fire. */
final class Attacks {

    private final Simulation sim;
    private final Dice dice;
    private final Scale scale;
    private final BenignTraffic traffic;
    private final NativeRegistry nativeRegistry;
    private final DistributionRegistry distribution;
    private final HarborRegistry harbor;
    private final DockerHubOrganization dockerHub;

    Attacks(Simulation sim, Scale scale, BenignTraffic traffic, NativeRegistry nativeRegistry,
            DistributionRegistry distribution, HarborRegistry harbor, DockerHubOrganization dockerHub) {
        this.sim = sim;
        this.dice = sim.dice;
        this.scale = scale;
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
        traffic.repeatedly(fresh, rotation + 3 * MINUTE, HOUR, now -> n.useToken(fresh, production, now));
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
}
