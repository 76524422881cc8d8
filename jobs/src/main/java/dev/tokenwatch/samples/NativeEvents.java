package dev.tokenwatch.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.samples.Repo.Image;

/** Writes Tokenwatch native events: the event schema with nested ECS objects. */
final class NativeEvents {

    private static final String DATASET = "tokenwatch.native";

    private final Simulation sim;
    private final Dice dice;

    NativeEvents(Simulation sim) {
        this.sim = sim;
        this.dice = sim.dice;
    }

    /** A token event without a repository: {@code token.used} (docker login, an API call), {@code .created}, {@code .revoked}, {@code .deleted}. */
    void tokenEvent(String action, Token t, String ip, String agent, long at) {
        emit(at, event(action, "success", t.user, t, ip, agent));
    }

    /** A pull of what the repository serves now, mostly its newest image. */
    void pull(Token t, String ip, String agent, Repo<?> repo, long at) {
        ObjectNode e = event("image.pull", "success", t.user, t, ip, agent);
        emit(at, withImage(e, repo, repo.forPull(dice)));
    }

    void push(Token t, String ip, String agent, Repo<?> repo, Image image, long at) {
        emit(at, withImage(event("image.push", "success", t.user, t, ip, agent), repo, image));
    }

    /** A web login, without a token. */
    void login(String user, String ip, String browser, boolean ok, long at) {
        emit(at, event(ok ? "login.success" : "login.failure", ok ? "success" : "failure", user, null, ip, browser));
    }

    /**
     * A member removed from the registry's organization by the identity provider's deprovisioning
     * (SCIM): no client address or agent. The action is recorded as Docker Hub names it.
     */
    void organizationMemberRemoved(String organization, String actor, String member, long at) {
        ObjectNode e = Json.object();
        e.putNull("@timestamp");
        ObjectNode ev = e.putObject("event");
        ev.put("id", dice.uuid());
        ev.put("action", "member.remove");
        ev.put("original_action", "org.member.remove");
        ev.put("outcome", "success");
        ev.put("dataset", DATASET);
        ObjectNode user = e.putObject("user");
        user.put("name", actor);
        user.putObject("target").put("name", member);
        e.putObject("organization").put("name", organization);
        emit(at, e);
    }

    private ObjectNode event(String action, String outcome, String user, Token token, String ip, String agent) {
        ObjectNode e = Json.object();
        e.putNull("@timestamp"); // filled in by emit(), keeps the field first
        ObjectNode ev = e.putObject("event");
        ev.put("id", dice.uuid());
        ev.put("action", action);
        ev.put("outcome", outcome);
        ev.put("dataset", DATASET);
        e.putObject("user").put("name", user);
        if (token != null) {
            ObjectNode t = e.putObject("token");
            t.put("id", token.id);
            t.put("kind", token.kind);
            ArrayNode scopes = t.putArray("scopes");
            token.scopes.forEach(scopes::add);
        }
        if (ip != null) e.putObject("source").put("ip", ip);
        e.putObject("user_agent").put("original", agent);
        return e;
    }

    private static ObjectNode withImage(ObjectNode e, Repo<?> repo, Image image) {
        e.putObject("repository").put("name", repo.name);
        ObjectNode i = e.putObject("image");
        i.put("tag", image.tag());
        i.put("digest", image.digest());
        return e;
    }

    private void emit(long millis, ObjectNode e) {
        e.put("@timestamp", Time.isoMillis(millis));
        sim.emitAtMillis(Format.NATIVE, millis, e);
    }
}
