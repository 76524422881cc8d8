package dev.tokenwatch.samples;

import static dev.tokenwatch.samples.Time.BASE_TIME;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;
import static dev.tokenwatch.samples.Time.SECOND;

import dev.tokenwatch.samples.Repo.Image;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Harbor instance: projects {@code payments}, {@code platform} and {@code data}, each pushed by
 * its CI robot and pulled by its deploy robot, the proxy cache {@code library}, people pulling and
 * logging in, and admin1's housekeeping; written as {@link HarborAudit}.
 */
final class HarborRegistry {

    private static final List<String> PROJECTS = List.of("payments", "platform", "data");
    private static final List<String> NAMED_REPOS = List.of(
            "payments/api", "payments/worker", "payments/ledger", "platform/base-alpine", "platform/nginx",
            "platform/gateway", "data/etl", "data/spark-jobs");
    private static final List<String> PROXY_CACHE = List.of("library/nginx", "library/redis", "library/postgres");

    final HarborAudit audit;

    private final Simulation sim;
    private final Dice dice;
    private final Population population;
    private final BenignTraffic traffic;
    private final List<Repo<Client>> repos = new ArrayList<>();
    private final Map<String, Repo<Client>> repoByName = new LinkedHashMap<>();
    private final List<Repo<Client>> proxyCache = new ArrayList<>();
    private final Map<String, Client> ciRobots = new LinkedHashMap<>();
    private final Map<String, Client> deployRobots = new LinkedHashMap<>();
    private final Client anonymous = Client.machine("anonymous", List.of(), null);
    private final List<Human> people;

    HarborRegistry(Simulation sim, Population population, BenignTraffic traffic) {
        this.audit = new HarborAudit(sim);
        this.sim = sim;
        this.dice = sim.dice;
        this.population = population;
        this.traffic = traffic;
        for (String project : PROJECTS) {
            ciRobots.put(project, robot("robot$" + project + "+ci"));
            deployRobots.put(project, robot("robot$" + project + "+deploy"));
        }
        anonymous.activeFrom = BASE_TIME + dice.millisBetween(0, 2 * HOUR);
        List<Human> users = new ArrayList<>(List.of(population.person("admin1"), population.person("jdoe")));
        for (Human h : population.everyoneElse()) if (dice.chance(0.3)) users.add(h);
        this.people = users;
        List<String> names = Repo.names(NAMED_REPOS, population.scale.harborRepos() - PROXY_CACHE.size(),
                i -> PROJECTS.get(i % PROJECTS.size()) + "/svc-" + Repo.serviceWord(i / PROJECTS.size()));
        for (String name : names) {
            Repo<Client> repo = new Repo<>(name, dice);
            repo.availableFrom = BASE_TIME;
            repo.pushers.add(ciRobots.get(project(name)));
            // payments/api is pushed by its CI robot only, so that attack F's push stands out.
            if (!name.equals("payments/api") && dice.chance(0.3)) repo.pushers.add(dice.pick(people));
            repos.add(repo);
            repoByName.put(name, repo);
        }
        for (String name : PROXY_CACHE) proxyCache.add(new Repo<>(name, dice));
    }

    private Client robot(String name) {
        Client c = Client.machine(name, List.of(), null);
        c.activeFrom = BASE_TIME + dice.millisBetween(0, 3 * HOUR);
        return c;
    }

    private static String project(String repoName) {
        return repoName.substring(0, repoName.indexOf('/'));
    }

    Repo<Client> repo(String name) {
        return repoByName.get(name);
    }

    void start() {
        for (Repo<Client> repo : repos) {
            traffic.pushesTo(repo, 200 * MINUTE, this::push);
            Client deploy = deployRobots.get(project(repo.name));
            traffic.repeatedly(deploy, deploy.activeFrom, 3 * HOUR, now -> pull(deploy, repo, now));
        }
        for (Repo<Client> cached : proxyCache) {
            traffic.repeatedly(anonymous, anonymous.activeFrom, 2 * HOUR, now -> pull(anonymous, cached, now));
        }
        for (Human h : people) {
            List<Repo<Client>> mine = dice.sample(repos, dice.between(1, 3));
            mine.add(dice.pick(proxyCache));
            traffic.repeatedly(h, h.activeFrom + dice.millisBetween(0, HOUR), 4 * HOUR, now -> pull(h, dice.pick(mine), now));
            traffic.repeatedly(h, h.activeFrom + dice.millisBetween(0, 20 * MINUTE), 12 * HOUR, now -> logIn(h, now));
        }
        Human admin = population.person("admin1");
        traffic.repeatedly(admin, admin.activeFrom + 3 * HOUR, 20 * HOUR, this::cleanUpOldArtifact);
        planNewReaderRobot(admin);
    }

    private void push(Repo<Client> repo, Client by, long now) {
        audit.pushed(by.user, repo, repo.release(dice, by.isMachine()), now);
    }

    private void pull(Client by, Repo<Client> repo, long now) {
        audit.pulled(by.user, repo, repo.forPull(dice), now);
    }

    private void logIn(Human h, long now) {
        traffic.logIn(now, 0.1, 10 * SECOND, 2 * MINUTE, (at, ok) -> audit.login(h.user, ok, at));
    }

    /** The retention policy is run by hand: an old artifact is deleted now and then. */
    private void cleanUpOldArtifact(long now) {
        Repo<Client> repo = dice.pick(repos);
        Image old = repo.removeOldest();
        if (old != null) audit.deleted("admin1", repo, old, now);
    }

    /** On day 2 admin1 creates a read-only robot for the data team, which then pulls data/*. */
    private void planNewReaderRobot(Human admin) {
        long created = traffic.officeTimeBetween(admin, population.scale.at(2, 9, 0), population.scale.at(2, 16, 0));
        Client reader = Client.machine("robot$data+reader", List.of(), null);
        reader.activeFrom = created + dice.millisBetween(10 * MINUTE, 40 * MINUTE);
        sim.at(created, now -> audit.robotCreated("admin1", reader.user, now));
        List<Repo<Client>> data = new ArrayList<>();
        for (Repo<Client> r : repos) if (r.name.startsWith("data/")) data.add(r);
        traffic.repeatedly(reader, reader.activeFrom, 2 * HOUR, now -> pull(reader, dice.pick(data), now));
    }
}
