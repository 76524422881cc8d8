package dev.tokenwatch.samples;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;

/** A repository, who may push to it (P: the kind of pusher its registry knows) and its recent images. */
final class Repo<P extends Client> {

    /** A pushed image; its manifest size shows in Distribution notifications. */
    record Image(String tag, String digest, int manifestSize) {
    }

    private static final int KEEP = 6;
    private static final List<String> SERVICE_WORDS = List.of(
            "accounts", "alerts", "archive", "audit", "backup", "batch", "cache", "catalog", "checkout",
            "config", "crawler", "dispatch", "events", "export", "feeds", "files", "geo", "graph", "imports",
            "indexer", "ingest", "invoices", "jobs", "mailer", "media", "metrics", "pricing", "profiles",
            "quotes", "ranking", "render", "risk", "router", "rules", "scheduler", "sessions", "shipping",
            "signals", "storage", "sync", "tax", "tracking", "uploads", "users", "vault", "webhooks");

    final String name;
    final List<P> pushers = new ArrayList<>();
    /** The newest version tag (not a commit build) pushed during the stream, or null. */
    Image lastVersionPushed;
    /** Repositories created during the stream get no push before this. */
    long availableFrom;
    private final Deque<Image> recent = new ArrayDeque<>();
    private final int major;
    private int minor;
    private int patch;

    Repo(String name, Dice dice) {
        this.name = name;
        this.major = dice.between(0, 3);
        this.minor = dice.between(1, 14);
        this.patch = dice.between(0, 9);
        // Images pushed before the stream starts, so that early pulls have something to fetch.
        for (int i = 0; i < 3; i++) recent.addFirst(image(nextVersion(), dice));
    }

    /** A registry's repository names: its named ones, then {@code generated(0)}, {@code generated(1)}, ... up to {@code count}. */
    static List<String> names(List<String> named, int count, IntFunction<String> generated) {
        List<String> names = new ArrayList<>(named);
        for (int i = 0; names.size() < count; i++) names.add(generated.apply(i));
        return names;
    }

    /** Generated service names: the word list, then numbered rounds of it. */
    static String serviceWord(int i) {
        String word = SERVICE_WORDS.get(i % SERVICE_WORDS.size());
        int round = i / SERVICE_WORDS.size();
        return round == 0 ? word : word + "-" + (round + 1);
    }

    /** A new image: CI builds get a commit tag, people and release jobs a new patch version. */
    Image release(Dice dice, boolean ciBuild) {
        String tag = ciBuild && dice.chance(0.6) ? "main-" + dice.hex(7) : nextVersion();
        Image image = keep(image(tag, dice));
        if (!tag.startsWith("main-")) lastVersionPushed = image;
        return image;
    }

    /** A new image under a tag chosen by whoever pushes it (an attacker), with a new digest. */
    Image pushedAs(String tag, Dice dice) {
        return keep(image(tag, dice));
    }

    private Image keep(Image image) {
        recent.addFirst(image);
        if (recent.size() > KEEP) recent.removeLast();
        return image;
    }

    /** What a pull fetches: mostly the newest image. */
    Image forPull(Dice dice) {
        if (dice.chance(0.7)) return recent.peekFirst();
        return dice.pick(new ArrayList<>(recent));
    }

    /** Takes an old image out (a retention cleanup deletes it). */
    Image removeOldest() {
        return recent.size() > 2 ? recent.removeLast() : null;
    }

    /** Where most pushes come from: its first machine pusher (CI), else its first pusher. */
    P machinePusher() {
        for (P p : pushers) if (p.isMachine()) return p;
        return pushers.get(0);
    }

    private String nextVersion() {
        patch++;
        if (patch > 12) {
            minor++;
            patch = 0;
        }
        return major + "." + minor + "." + patch;
    }

    private static Image image(String tag, Dice dice) {
        return new Image(tag, dice.digest(), dice.between(520, 2900));
    }
}
