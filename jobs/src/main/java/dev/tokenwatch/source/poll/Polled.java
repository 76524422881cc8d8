package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record a poller found, and how the poller's cursor moves once it is emitted. The step is applied to the cursor
 * the fetching thread keeps (so the next poll starts after it) and, when the record is emitted, to the cursor in the
 * checkpoint, so a restore resumes after the last record the job actually took.
 *
 * @param text the record as the parse stage reads it (a source's JSON element, or a native event), or null for a
 *     move of the cursor alone
 */
public record Polled(String text, CursorStep step) {
    /** A change to a poller's cursor; applying the steps of a poll in order gives the cursor after that poll. */
    @FunctionalInterface
    public interface CursorStep {
        CursorStep NONE = cursor -> { };

        void apply(ObjectNode cursor);
    }
}
