package dev.tokenwatch.samples.population;

import dev.tokenwatch.samples.Dice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects what happens, in any order; {@link #inTimeOrder()} sorts it for writing. */
final class Recorder {
    static final String ORGANIZATION = "acme";

    private final Dice dice;
    private final Repos repos;
    private final List<Act> acts = new ArrayList<>();

    Recorder(Dice dice, Repos repos) {
        this.dice = dice;
        this.repos = repos;
    }

    Repos repos() {
        return repos;
    }

    Act act(long time, String action, String user) {
        Act a = new Act(dice.uuid(), time, action);
        a.user = user;
        acts.add(a);
        return a;
    }

    /** A registry token check ({@code docker login}, an API call): the token server logs it, not the registry. */
    Act tokenUsed(Tok t, String address, String agent, long time) {
        return tokenEvent("token.used", t, address, agent, time);
    }

    Act tokenEvent(String action, Tok t, String address, String agent, long time) {
        Act a = act(time, action, t.user);
        a.token = t;
        a.address = address;
        a.agent = agent;
        return a;
    }

    Act pull(Tok t, String address, String agent, String repo, long time) {
        Repos.Image image = repos.forPull(repo);
        return image(time, "image.pull", t, address, agent, repo, image);
    }

    /** A pull of a given tag, as a rollout does. */
    Act pull(Tok t, String address, String agent, String repo, String tag, String digest, long time) {
        return image(time, "image.pull", t, address, agent, repo, new Repos.Image(tag, digest));
    }

    /** A push of a new build to {@code tag}. */
    Act push(Tok t, String address, String agent, String repo, String tag, long time) {
        return push(t, address, agent, repo, repos.pushed(repo, tag), time);
    }

    /** A push of a given image, e.g. the build just pushed under another tag. */
    Act push(Tok t, String address, String agent, String repo, Repos.Image image, long time) {
        repos.moved(repo, image);
        Act a = image(time, "image.push", t, address, agent, repo, image);
        List<String> blobs = new ArrayList<>();
        int layers = dice.between(1, 3);
        for (int i = 0; i < layers; i++) blobs.add(dice.uuid());
        a.blobIds = blobs;
        return a;
    }

    private Act image(long time, String action, Tok t, String address, String agent, String repo, Repos.Image image) {
        Act a = act(time, action, t.user);
        a.token = t;
        a.address = address;
        a.agent = agent;
        a.repository = repo;
        a.tag = image.tag();
        a.digest = image.digest();
        return a;
    }

    Act login(String user, String address, String browser, boolean ok, long time) {
        Act a = act(time, ok ? "login.success" : "login.failure", user);
        a.outcome = ok ? "success" : "failure";
        a.address = address;
        a.agent = browser;
        return a;
    }

    /**
     * A membership change, as Docker Hub names it in {@code originalAction}; {@code team} names the team
     * it is about (ECS group.name), null for the organization itself.
     */
    Act membership(String action, String originalAction, String admin, String member, String team, String address, String browser, long time) {
        Act a = administration(time, action, admin, address, browser);
        a.originalAction = originalAction;
        a.targetUser = member;
        a.group = team;
        return a;
    }

    /** An organization setting with no word in the event vocabulary (kept as other + original action). */
    Act orgSetting(String originalAction, String admin, String address, String browser, long time) {
        Act a = administration(time, "other", admin, address, browser);
        a.originalAction = originalAction;
        return a;
    }

    Act repoSetting(String action, String admin, String repo, String visibility, String address, String browser, long time) {
        Act a = administration(time, action, admin, address, browser);
        a.repository = repo;
        a.visibility = visibility;
        return a;
    }

    /** An administrator's action on the organization, from a browser. */
    private Act administration(long time, String action, String admin, String address, String browser) {
        Act a = act(time, action, admin);
        a.organization = ORGANIZATION;
        a.address = address;
        a.agent = browser;
        return a;
    }

    List<Act> inTimeOrder() {
        List<Act> sorted = new ArrayList<>(acts);
        sorted.sort(Comparator.comparingLong((Act a) -> a.time)); // stable: ties keep the order they were recorded in
        return sorted;
    }
}
