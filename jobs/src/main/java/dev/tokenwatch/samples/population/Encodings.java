package dev.tokenwatch.samples.population;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.samples.Dice;
import dev.tokenwatch.samples.Time;

/**
 * The two ways the same activity is written: every event as a native line, or registry operations
 * as CNCF Distribution notifications (user name and client address, never a token) and the rest as
 * native lines, as a registry plus a token server and an admin audit feed would report it.
 */
final class Encodings {
    private static final String DATASET = "tokenwatch.native";
    private static final String REGISTRY_HOST = "registry.acme.dev";
    private static final String[] REPLICAS = {"registry-0:5000", "registry-1:5000"};
    private static final String[] INSTANCE_IDS = {"2c4e1d8a-5b7f-4f0e-9a61-3d2b8c7e9f10", "8f1a6c3e-2d4b-4a9c-b7e5-1f0d9c8b7a62"};

    private final ObjectMapper mapper;
    /** Request ids, ports and blob digests: details only the Distribution encoding has. */
    private final Dice dice;

    Encodings(ObjectMapper mapper, long seed) {
        this.mapper = mapper;
        this.dice = new Dice(seed ^ 0x5DEECE66DL);
    }

    ObjectNode nativeEvent(Act a) {
        ObjectNode e = mapper.createObjectNode();
        e.put("@timestamp", Time.isoMillis(a.time));
        ObjectNode ev = e.putObject("event");
        ev.put("id", a.id);
        ev.put("action", a.action);
        if (a.originalAction != null) ev.put("original_action", a.originalAction);
        ev.put("outcome", a.outcome);
        ev.put("dataset", DATASET);
        ObjectNode user = e.putObject("user");
        user.put("name", a.user);
        if (a.targetUser != null) user.putObject("target").put("name", a.targetUser);
        if (a.organization != null) e.putObject("organization").put("name", a.organization);
        if (a.group != null) e.putObject("group").put("name", a.group);
        if (a.token != null) {
            ObjectNode t = e.putObject("token");
            t.put("id", a.token.id);
            t.put("kind", a.token.kind);
            ArrayNode scopes = t.putArray("scopes");
            a.token.scopes.forEach(scopes::add);
        }
        if (a.address != null) e.putObject("source").put("ip", a.address);
        if (a.agent != null) e.putObject("user_agent").put("original", a.agent);
        if (a.repository != null) {
            ObjectNode repo = e.putObject("repository");
            repo.put("name", a.repository);
            if (a.visibility != null) repo.put("visibility", a.visibility);
        }
        if (a.tag != null) {
            ObjectNode image = e.putObject("image");
            image.put("tag", a.tag);
            image.put("digest", a.digest);
        }
        return e;
    }

    /**
     * A registry operation as one notification envelope (a push: a blob event per layer, then the
     * manifest), anything else as its native line. Null for a refused push or pull: the registry
     * notifies only operations that completed.
     */
    ObjectNode distributionRecord(Act a) {
        if (!a.isRegistryOperation()) return nativeEvent(a);
        if (!a.outcome.equals("success")) return null;
        int replica = dice.between(0, 1);
        ObjectNode envelope = mapper.createObjectNode();
        ArrayNode events = envelope.putArray("events");
        boolean push = a.action.equals("image.push");
        long nanos = a.time * 1_000_000L;
        for (int i = 0; i < a.blobIds.size(); i++) {
            long size = dice.between(2_000, 40_000_000);
            String digest = dice.digest();
            events.add(notification(a, a.blobIds.get(i), nanos - (a.blobIds.size() - i) * 200_000_000L, replica,
                    "application/octet-stream", size, digest, "/blobs/" + digest, null, "PUT"));
        }
        String method = push ? "PUT" : dice.chance(0.3) ? "HEAD" : "GET";
        events.add(notification(a, a.id, nanos + dice.between(0, 999_999), replica, "application/vnd.docker.distribution.manifest.v2+json",
                dice.between(400, 3_000), a.digest, "/manifests/" + a.digest, a.tag, method));
        return envelope;
    }

    private ObjectNode notification(Act a, String id, long nanos, int replica, String mediaType, long size, String digest, String path,
                                    String tag, String method) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("timestamp", Time.goTimestamp(nanos));
        n.put("action", a.action.equals("image.push") ? "push" : "pull");
        ObjectNode target = n.putObject("target");
        target.put("mediaType", mediaType);
        target.put("size", size);
        target.put("digest", digest);
        target.put("length", size);
        target.put("repository", a.repository);
        target.put("url", "https://" + REGISTRY_HOST + "/v2/" + a.repository + path);
        if (tag != null) target.put("tag", tag);
        ObjectNode request = n.putObject("request");
        request.put("id", dice.uuid());
        // registry-0 sees the client directly (ip:port); registry-1 sits behind a proxy and reports X-Forwarded-For as sent.
        boolean direct = replica == 0 && a.address != null && a.address.matches("[0-9.]+");
        request.put("addr", direct ? a.address + ":" + dice.between(32768, 60999) : a.address);
        request.put("host", REGISTRY_HOST);
        request.put("method", method);
        request.put("useragent", a.agent);
        n.putObject("actor").put("name", a.user);
        ObjectNode source = n.putObject("source");
        source.put("addr", REPLICAS[replica]);
        source.put("instanceID", INSTANCE_IDS[replica]);
        return n;
    }
}
