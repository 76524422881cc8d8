package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;
import static dev.tokenwatch.samples.Time.DAY;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;

import java.util.ArrayList;
import java.util.List;

/**
 * acme's Docker Hub organization: public repositories pushed by {@code acmeci} and one person each,
 * and admin1 managing teams and access tokens; written as {@link DockerHubAudit}.
 */
final class DockerHubOrganization {

    private static final List<String> NAMED_REPOS = List.of(
            "acme/cli", "acme/sdk-go", "acme/helm-operator", "acme/docs-site", "acme/public-base");
    private static final List<String> TEAMS = List.of("dev", "ops", "security", "data");

    final DockerHubAudit audit;

    private final Simulation sim;
    private final Dice dice;
    private final Population population;
    private final BenignTraffic traffic;
    private final List<Repo<Client>> repos = new ArrayList<>();
    private final Client acmeci = Client.machine("acmeci", List.of(), null);
    private final List<Human> people;

    DockerHubOrganization(Simulation sim, Population population, BenignTraffic traffic) {
        this.audit = new DockerHubAudit(sim);
        this.sim = sim;
        this.dice = sim.dice;
        this.population = population;
        this.traffic = traffic;
        acmeci.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
        List<Human> users = new ArrayList<>(List.of(population.person("mlee"), population.person("jdoe"), population.person("admin1")));
        for (Human h : population.everyoneElse()) if (dice.chance(0.08)) users.add(h);
        this.people = users;
        for (String name : Repo.names(NAMED_REPOS, population.scale.hubRepos(), i -> "acme/oss-" + Repo.serviceWord(i))) {
            Repo<Client> repo = new Repo<>(name, dice);
            repo.availableFrom = BASE_TIME;
            repo.pushers.add(acmeci);
            repo.pushers.add(name.equals("acme/cli") ? population.person("mlee") : dice.pick(people));
            repos.add(repo);
        }
    }

    void start() {
        for (Repo<Client> repo : repos) traffic.pushesTo(repo, 2 * HOUR, this::push);
        planNewRepository();
        planPrivacyChange();
        Human admin = population.person("admin1");
        // The same admin work per person, whatever the company's size.
        long adminGap = Math.max(HOUR, 8 * HOUR * Scale.SAMPLE_HUMANS / population.humans.size());
        traffic.repeatedly(admin, admin.activeFrom + 2 * HOUR, adminGap, this::teamChange);
        traffic.repeatedly(admin, admin.activeFrom + 5 * HOUR, adminGap * 2, this::accessTokenChange);
    }

    private void push(Repo<Client> repo, Client by, long now) {
        audit.tagPushed(by.user, repo, repo.release(dice, by.isMachine()), now);
    }

    /** jdoe creates acme/status-page on day 2; acmeci and jdoe start pushing to it right away. */
    private void planNewRepository() {
        Human jdoe = population.person("jdoe");
        long created = traffic.officeTimeBetween(jdoe, population.scale.at(2, 10, 0), population.scale.at(2, 15, 0));
        Repo<Client> repo = new Repo<>("acme/status-page", dice);
        repo.availableFrom = created + 5 * MINUTE;
        repo.pushers.add(acmeci);
        repo.pushers.add(jdoe);
        sim.at(created, now -> audit.repositoryCreated(jdoe.user, repo.name, now));
        traffic.pushesTo(repo, 2 * HOUR, this::push);
    }

    /** The benign privacy change: a sandbox made private. Nothing benign is made public. */
    private void planPrivacyChange() {
        Human admin = population.person("admin1");
        long at = traffic.officeTimeBetween(admin, population.scale.at(2, 8, 0), population.scale.at(2, 17, 0));
        sim.at(at, now -> audit.privacyChanged("acme/sandbox", "admin1", "private", now));
    }

    private void teamChange(long now) {
        String team = dice.pick(TEAMS);
        Human picked = dice.pick(population.humans);
        // Nobody is moved between teams after leaving the organization.
        if (picked.retiredBy(now)) return;
        String member = picked.user;
        boolean added = dice.chance(0.6);
        audit.teamMemberChanged(added, team, "admin1", member, now);
    }

    /** Organization access tokens: created for a pipeline, deleted when replaced. */
    private void accessTokenChange(long now) {
        Human who = dice.pick(people);
        String label = dice.pick(List.of("ci-push", "release", "scanner", "mirror")) + "-" + dice.hex(4);
        audit.accessTokenChanged(true, who.user, label, now);
        if (dice.chance(0.5)) {
            long later = now + dice.millisBetween(HOUR, 2 * DAY);
            sim.at(later, t -> audit.accessTokenChanged(false, who.user, label, t));
        }
    }
}
