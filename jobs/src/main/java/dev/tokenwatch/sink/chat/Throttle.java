package dev.tokenwatch.sink.chat;

import dev.tokenwatch.alert.Alert;
import java.time.Instant;
import java.util.Optional;

/**
 * One destination's rate limit: a window opens with the first alert and lets {@link RateLimit#messages()} of them
 * through; the rest are held and, when the window closes, told in one digest. Processing time: it protects people
 * reading a channel now, whatever the alerts' event times. Plain data, kept in the checkpoint as JSON.
 */
public final class Throttle {
    /** Start of the open window, or null when none is open. */
    public Long windowStart;
    public int sent;
    public DigestBuilder held = new DigestBuilder();

    /** Whether an alert may go out as its own message now; opens a window when none is open. */
    public boolean admit(RateLimit limit, long now) {
        if (windowStart == null) {
            windowStart = now;
            sent = 0;
        }
        if (sent >= limit.messages()) return false;
        sent++;
        return true;
    }

    public void hold(Alert alert) {
        held.add(alert);
    }

    /** A later version of an alert already sent: mentioned in the digest if one goes out, never a message of its own. */
    public void holdUpdate(Alert alert) {
        held.addUpdate(alert);
    }

    /** When the open window closes, or null. */
    public Long windowEnd(RateLimit limit) {
        return windowStart == null ? null : windowStart + limit.per().toMillis();
    }

    /** Closes the window: the digest of the alerts held in it, if any was. */
    public Optional<Digest> close(String destination, RateLimit limit) {
        Optional<Digest> digest = !held.holdsAlerts() ? Optional.empty()
                : Optional.of(held.build(destination, Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowEnd(limit))));
        windowStart = null;
        sent = 0;
        held = new DigestBuilder();
        return digest;
    }
}
