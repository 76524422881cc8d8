package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Distribution registry {@code cr.acme.dev}: CI builds and pushes, Kubernetes nodes pull, a
 * sync job fills the {@code mirror/} repositories that build hosts pull without credentials, and
 * some people pull and push; written as {@link DistributionNotifications}.
 */
final class DistributionRegistry {

    private static final List<String> NAMED_REPOS = List.of(
            "acme/billing", "acme/ledger-sync", "acme/reports", "acme/invoicing", "tools/builder", "mirror/alpine");

    final DistributionNotifications notifications;

    private final Dice dice;
    private final BenignTraffic traffic;
    private final Client ciBot = Population.ciBot("cr-ci-bot");
    private final Client deployer = Client.machine("deployer", Population.K8S_NODES, Population.UA_CONTAINERD);
    private final Client mirrorSync = Client.machine("mirror-sync", List.of(Population.MIRROR_SYNC_HOST), Population.UA_SKOPEO);
    /** Build hosts pulling the mirror without credentials: {@code actor} is {@code {}}. */
    private final Client anonymous = Client.machine(null, Population.INTERNAL_HOSTS, Population.UA_CONTAINERD);
    private final List<Human> people;
    private final List<Repo<Client>> repos = new ArrayList<>();
    private final Map<String, Repo<Client>> repoByName = new LinkedHashMap<>();

    DistributionRegistry(Simulation sim, Population population, BenignTraffic traffic) {
        this.notifications = new DistributionNotifications(sim);
        this.dice = sim.dice;
        this.traffic = traffic;
        ciBot.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
        deployer.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
        mirrorSync.activeFrom = BASE_TIME + dice.millisBetween(0, HOUR);
        anonymous.activeFrom = BASE_TIME + dice.millisBetween(0, 3 * HOUR);
        List<Human> users = new ArrayList<>(List.of(population.person("mlee")));
        for (Human h : population.everyoneElse()) if (dice.chance(0.2)) users.add(h);
        this.people = users;
        for (String name : Repo.names(NAMED_REPOS, population.scale.distributionRepos(), i -> "acme/batch-" + Repo.serviceWord(i))) {
            Repo<Client> repo = new Repo<>(name, dice);
            repo.availableFrom = BASE_TIME;
            if (name.startsWith("mirror/")) {
                repo.pushers.add(mirrorSync);
            } else {
                repo.pushers.add(ciBot);
                // acme/billing is pushed by CI only, so that attack D's push stands out.
                if (name.equals("acme/reports")) repo.pushers.add(population.person("mlee"));
                else if (!name.equals("acme/billing") && dice.chance(0.4)) repo.pushers.add(dice.pick(people));
            }
            repos.add(repo);
            repoByName.put(name, repo);
        }
    }

    Repo<Client> repo(String name) {
        return repoByName.get(name);
    }

    void start() {
        List<Repo<Client>> builds = new ArrayList<>();
        for (Repo<Client> r : repos) if (!r.name.startsWith("mirror/")) builds.add(r);
        for (Repo<Client> repo : repos) {
            traffic.pushesTo(repo, 150 * MINUTE, this::push);
            if (repo.name.startsWith("mirror/")) {
                traffic.repeatedly(anonymous, anonymous.activeFrom, 30 * MINUTE, now -> pull(anonymous, repo, now));
            } else {
                traffic.repeatedly(ciBot, ciBot.activeFrom, 90 * MINUTE, now -> pull(ciBot, repo, now));
                traffic.repeatedly(deployer, deployer.activeFrom, 4 * HOUR, now -> pull(deployer, repo, now));
            }
        }
        for (Human h : people) {
            List<Repo<Client>> mine = dice.sample(builds, dice.between(1, 3));
            traffic.repeatedly(h, h.activeFrom + dice.millisBetween(0, HOUR), 4 * HOUR, now -> pull(h, dice.pick(mine), now));
        }
    }

    private void push(Repo<Client> repo, Client by, long now) {
        // The mirror copies upstream releases, so its tags are versions, not commit builds.
        boolean ciBuild = by.isMachine() && by != mirrorSync;
        notifications.push(repo, by, by.nextAddress(dice), by.agent, repo.release(dice, ciBuild), now);
    }

    private void pull(Client by, Repo<Client> repo, long now) {
        notifications.pull(by, by.nextAddress(dice), by.agent, repo, repo.forPull(dice), now);
    }
}
