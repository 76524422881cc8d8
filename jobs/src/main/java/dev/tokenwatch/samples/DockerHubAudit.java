package dev.tokenwatch.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.samples.Repo.Image;
import java.util.Map;

/** Writes Docker Hub organization audit-log entries ({@code logs[]} items): no client addresses, no pulls. */
final class DockerHubAudit {

    private static final String ACCOUNT = "acme";

    private final Simulation sim;

    DockerHubAudit(Simulation sim) {
        this.sim = sim;
    }

    void tagPushed(String user, Repo<?> repo, Image image, long now) {
        emit(now, entry("repo.tag.push", repo.name, user, Map.of("digest", image.digest(), "tag", image.tag()),
                "pushed the tag " + image.tag() + " with the digest " + shortDigest(image.digest()) + " to the repository " + repo.name));
    }

    void repositoryCreated(String user, String repo, long now) {
        emit(now, entry("repo.create", repo, user, Map.of(), "created the repository " + repo));
    }

    void privacyChanged(String repo, String actor, String privacy, long now) {
        emit(now, entry("repo.change_privacy", repo, actor, Map.of("privacy", privacy),
                "changed the privacy of the repository " + repo + " to " + privacy));
    }

    void teamMemberChanged(boolean added, String team, String actor, String member, long now) {
        String action = added ? "team.member.add" : "team.member.remove";
        String description = added ? "added " + member + " to the team " + team : "removed " + member + " from the team " + team;
        emit(now, entry(action, team, actor, Map.of("member", member), description));
    }

    /** A member removed from the organization itself (not from a team): they lose access to it. */
    void organizationMemberRemoved(String actor, String member, long now) {
        emit(now, entry("org.member.remove", ACCOUNT, actor, Map.of("member", member),
                "removed " + member + " from the organization " + ACCOUNT));
    }

    /** An organization setting changed, for instance {@code org.sso.enforcement.disable}. */
    void organizationSettingChanged(String action, String actor, String description, long now) {
        emit(now, entry(action, ACCOUNT, actor, Map.of(), description));
    }

    void accessTokenChanged(boolean created, String user, String label, long now) {
        String action = created ? "access_token.create" : "access_token.delete";
        String description = (created ? "created" : "deleted") + " the access token " + label;
        emit(now, entry(action, label, user, Map.of("token_label", label), description));
    }

    private static ObjectNode entry(String action, String name, String actor, Map<String, String> data, String description) {
        ObjectNode e = Json.object();
        e.put("account", ACCOUNT);
        e.put("action", action);
        e.put("name", name);
        e.put("actor", actor);
        ObjectNode d = e.putObject("data");
        // Map.of has no stable order; sorted keys keep the files reproducible.
        data.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(kv -> d.put(kv.getKey(), kv.getValue()));
        e.putNull("timestamp"); // filled in by emit(), keeps the field in place
        e.put("action_description", description);
        return e;
    }

    private void emit(long millis, ObjectNode e) {
        e.put("timestamp", Time.isoSeconds(millis));
        sim.emitAtMillis(Format.DOCKERHUB, millis, e);
    }

    /** Docker Hub's descriptions abbreviate the digest. */
    private static String shortDigest(String digest) {
        return digest.substring(0, "sha256:".length() + 4) + "...";
    }
}
