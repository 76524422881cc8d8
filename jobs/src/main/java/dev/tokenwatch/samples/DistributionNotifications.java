package dev.tokenwatch.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.samples.Repo.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes CNCF Distribution notification envelopes of the registry {@code cr.acme.dev}. It runs as
 * two replicas; registry-1 sits behind a proxy and reports the X-Forwarded-For address without port.
 */
final class DistributionNotifications {

    private static final String HOST = "cr.acme.dev";
    private static final String BLOB = "application/octet-stream";
    private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private final Simulation sim;
    private final Dice dice;
    private final String[] instanceIds;

    DistributionNotifications(Simulation sim) {
        this.sim = sim;
        this.dice = sim.dice;
        this.instanceIds = new String[] {dice.uuid(), dice.uuid()};
    }

    /** A push: one event per uploaded blob, then the manifest; sometimes delivered in one envelope. */
    void push(Repo<?> repo, Client by, String ip, String agent, Image image, long now) {
        int instance = dice.between(0, 1);
        List<ObjectNode> events = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long nanos = now * 1_000_000 + dice.between(0, 999_999);
        int blobs = dice.between(1, 4);
        for (int i = 0; i < blobs; i++) {
            // The first blob is the image config (small), the others are layers.
            long size = i == 0 ? dice.between(1_200, 9_000) : dice.between(20_000, 80_000_000);
            events.add(event(nanos, "push", blobTarget(repo, dice.digest(), size), request(ip, "PUT", agent, instance), by, instance));
            times.add(nanos);
            nanos += dice.millisBetween(40, 3_000) * 1_000_000 + dice.between(0, 999_999);
        }
        events.add(event(nanos, "push", manifestTarget(repo, image), request(ip, "PUT", agent, instance), by, instance));
        times.add(nanos);
        if (dice.chance(0.4)) {
            envelope(times.get(0), events);
        } else {
            for (int i = 0; i < events.size(); i++) envelope(times.get(i), List.of(events.get(i)));
        }
    }

    /** Pulls show as manifest fetches; clients checking for updates send HEAD. */
    void pull(Client by, String ip, String agent, Repo<?> repo, Image image, long now) {
        int instance = dice.between(0, 1);
        String method = dice.chance(0.2) ? "HEAD" : "GET";
        long nanos = now * 1_000_000 + dice.between(0, 999_999);
        envelope(nanos, List.of(event(nanos, "pull", manifestTarget(repo, image), request(ip, method, agent, instance), by, instance)));
    }

    /** One webhook body; it sorts by the time of its first event. */
    private void envelope(long firstNanos, List<ObjectNode> events) {
        ObjectNode envelope = Json.object();
        ArrayNode array = envelope.putArray("events");
        events.forEach(array::add);
        sim.emit(Format.DISTRIBUTION, firstNanos, envelope);
    }

    private ObjectNode event(long nanos, String action, ObjectNode target, ObjectNode request, Client actor, int instance) {
        ObjectNode e = Json.object();
        e.put("id", dice.uuid());
        e.put("timestamp", Time.goTimestamp(nanos));
        e.put("action", action);
        e.set("target", target);
        e.set("request", request);
        // Anonymous pulls have "actor":{}.
        ObjectNode a = e.putObject("actor");
        if (actor.user != null) a.put("name", actor.user);
        ObjectNode source = e.putObject("source");
        source.put("addr", "registry-" + instance + ":5000");
        source.put("instanceID", instanceIds[instance]);
        return e;
    }

    private static ObjectNode blobTarget(Repo<?> repo, String digest, long size) {
        return target(BLOB, size, digest, repo, "blobs");
    }

    private static ObjectNode manifestTarget(Repo<?> repo, Image image) {
        ObjectNode t = target(MANIFEST, image.manifestSize(), image.digest(), repo, "manifests");
        t.put("tag", image.tag());
        return t;
    }

    private static ObjectNode target(String mediaType, long size, String digest, Repo<?> repo, String kind) {
        ObjectNode t = Json.object();
        t.put("mediaType", mediaType);
        t.put("size", size);
        t.put("digest", digest);
        t.put("length", size);
        t.put("repository", repo.name);
        t.put("url", "https://" + HOST + "/v2/" + repo.name + "/" + kind + "/" + digest);
        return t;
    }

    private ObjectNode request(String ip, String method, String agent, int instance) {
        ObjectNode r = Json.object();
        r.put("id", dice.uuid());
        r.put("addr", instance == 0 ? ip + ":" + dice.between(32768, 60999) : ip);
        r.put("host", HOST);
        r.put("method", method);
        r.put("useragent", agent);
        return r;
    }
}
