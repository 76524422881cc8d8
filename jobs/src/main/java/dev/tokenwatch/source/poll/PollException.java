package dev.tokenwatch.source.poll;

import java.io.IOException;

/** A poll that could not be done; the message names the poller, the request and the reason, never a credential. */
public final class PollException extends IOException {
    private final int status;

    public PollException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status that ended the poll, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
