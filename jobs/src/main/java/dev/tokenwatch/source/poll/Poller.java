package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Something Tokenwatch pulls from an API because the source does not push it. A poller keeps no position of its own:
 * its cursor is handed in, and each record it returns says how the cursor moves, so the cursor can live in the job's
 * checkpoint and a restore neither skips nor repeats what the job took.
 */
public interface Poller extends Serializable {
    /** Stable across restarts and unique in a job ({@code dockerhub-audit:acme}): the checkpoint keys the cursor by it. */
    String name();

    /** The cursor of a poller that has none in a checkpoint: what happened since {@code since}. */
    ObjectNode startCursor(Instant since);

    /** What is new after {@code cursor}, oldest first; empty when nothing is. Reads the cursor, never changes it. */
    List<Polled> poll(ObjectNode cursor, PollClient client, Instant now) throws IOException, InterruptedException;
}
