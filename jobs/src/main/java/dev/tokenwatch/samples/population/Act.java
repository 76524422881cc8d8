package dev.tokenwatch.samples.population;

import java.util.List;

/**
 * One thing that happened, before it is written in an encoding: the native line and the
 * Distribution notification of the same pull carry the same {@link #id}.
 */
final class Act {
    final String id;
    final long time;
    final String action;
    String originalAction;
    String outcome = "success";
    String user;
    Tok token;
    /** The client address as reported: usually an IP, for a spoofed one any text. */
    String address;
    String agent;
    String repository;
    String tag;
    String digest;
    String visibility;
    String targetUser;
    String group;
    String organization;
    /** Distribution only: the per-layer events of a push, before its manifest event. */
    List<String> blobIds = List.of();

    Act(String id, long time, String action) {
        this.id = id;
        this.time = time;
        this.action = action;
    }

    boolean isRegistryOperation() {
        return action.equals("image.pull") || action.equals("image.push");
    }
}
