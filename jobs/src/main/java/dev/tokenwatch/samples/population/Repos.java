package dev.tokenwatch.samples.population;

import dev.tokenwatch.samples.Dice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** acme's repositories and the image each tag points to now, so pulls fetch what pushes put there. */
final class Repos {
    /** Release tags of these must never move (tw-tag-overwrite-protected-repository lists them). */
    static final List<String> PROTECTED = List.of("acme/payments-api", "acme/billing");
    static final String BASE_IMAGES = "acme/base-images";

    static final List<String> NAMES = List.of(
            "acme/api", "acme/web", "acme/payments-api", "acme/billing", "acme/auth", "acme/frontend", "acme/gateway",
            "acme/orders", BASE_IMAGES, "acme/admin-console", "acme/notifications", "acme/search", "acme/inventory",
            "acme/reporting", "acme/ledger", "acme/mobile-bff", "acme/checkout", "acme/catalog", "acme/pricing",
            "acme/shipping", "acme/identity", "acme/audit", "acme/etl", "acme/ml-serving", "acme/feature-store",
            "acme/docs", "acme/status-page", "acme/cli", "acme/sdk-python", "acme/sdk-go", "acme/infra-tools",
            "acme/terraform-runner", "acme/grafana", "acme/prometheus", "acme/nginx", "acme/redis", "acme/postgres",
            "acme/kafka-connect", "acme/chat-bot", "acme/data-export");

    record Image(String tag, String digest) {}

    private final Dice dice;
    private final Map<String, Map<String, String>> tags = new HashMap<>();
    private final Map<String, int[]> versions = new HashMap<>();

    Repos(Dice dice) {
        this.dice = dice;
        for (String name : NAMES) {
            Map<String, String> t = new HashMap<>();
            int[] v = {dice.between(1, 4), dice.between(0, 12), dice.between(0, 9)};
            versions.put(name, v);
            String release = v[0] + "." + v[1] + "." + v[2];
            String digest = dice.digest();
            t.put(release, digest);
            t.put("latest", digest);
            tags.put(name, t);
        }
    }

    /** Most pulls take latest, some a pinned release. */
    Image forPull(String repo) {
        Map<String, String> t = tags.get(repo);
        String tag = dice.chance(0.7) ? "latest" : currentRelease(repo);
        return new Image(tag, t.get(tag));
    }

    String currentRelease(String repo) {
        int[] v = versions.get(repo);
        return v[0] + "." + v[1] + "." + v[2];
    }

    /** The next patch release's tag (not yet pushed). */
    String nextRelease(String repo) {
        int[] v = versions.get(repo);
        v[2]++;
        return currentRelease(repo);
    }

    /** Records that {@code tag} now points to a new build and returns it. */
    Image pushed(String repo, String tag) {
        Image image = new Image(tag, dice.digest());
        tags.get(repo).put(tag, image.digest());
        return image;
    }

    void moved(String repo, Image image) {
        tags.get(repo).put(image.tag(), image.digest());
    }

    static List<String> ofTeam(int team, int teams) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) if (i % teams == team) out.add(NAMES.get(i));
        return out;
    }
}
