package dev.tokenwatch.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.samples.Repo.Image;

/** Writes Harbor {@code auditlog-exts} entries: no client addresses; robots are Harbor's tokens. */
final class HarborAudit {

    private final Simulation sim;
    private final Dice dice;

    HarborAudit(Simulation sim) {
        this.sim = sim;
        this.dice = sim.dice;
    }

    void pushed(String user, Repo<?> repo, Image image, long now) {
        emit(now, entry(user, repo.name + ":" + image.tag(), "artifact", "create",
                "push artifact: " + repo.name + "@" + image.digest(), true));
    }

    /** Harbor records most pulls by digest. */
    void pulled(String user, Repo<?> repo, Image image, long now) {
        String resource = dice.chance(0.75) ? repo.name + "@" + image.digest() : repo.name + ":" + image.tag();
        emit(now, entry(user, resource, "artifact", "pull", "pull artifact: " + repo.name + "@" + image.digest(), true));
    }

    void deleted(String user, Repo<?> repo, Image image, long now) {
        emit(now, entry(user, repo.name + "@" + image.digest(), "artifact", "delete",
                "delete artifact: " + repo.name + "@" + image.digest(), true));
    }

    void login(String user, boolean ok, long now) {
        emit(now, entry(user, user, "user", "login", "login user " + user, ok));
    }

    void robotCreated(String by, String robot, long now) {
        emit(now, entry(by, robot, "robot", "create", "create robot: " + robot, true));
    }

    private static ObjectNode entry(String user, String resource, String resourceType, String operation, String description, boolean ok) {
        ObjectNode e = Json.object();
        e.put("id", 0); // numbered by Output when written, in time order
        e.put("username", user);
        e.put("resource", resource);
        e.put("resource_type", resourceType);
        e.put("operation", operation);
        e.put("operation_description", description);
        e.put("operation_result", ok);
        e.putNull("op_time"); // filled in by emit(), keeps the field in place
        return e;
    }

    private void emit(long millis, ObjectNode e) {
        e.put("op_time", Time.isoSeconds(millis));
        sim.emitAtMillis(Format.HARBOR, millis, e);
    }
}
