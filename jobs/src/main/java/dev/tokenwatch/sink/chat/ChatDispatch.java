package dev.tokenwatch.sink.chat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Secrets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides what one destination is told: an alert it accepts becomes a message while the rate limit allows, is held for
 * the digest beyond it, and is nothing at all when the destination has it already (the job was restarted and made it
 * again). A later version of an alert (more detections in its suppression period) is never a message of its own.
 */
public final class ChatDispatch {
    private final Destination destination;
    private final ChatFormat format;
    private final String kibanaUrl;
    private final DeliveryLedger ledger;

    public ChatDispatch(Destination destination, String kibanaUrl, DeliveryLedger ledger) {
        this.destination = destination;
        this.format = ChatFormats.of(destination.type());
        this.kibanaUrl = kibanaUrl;
        this.ledger = ledger;
    }

    public enum Decision { SEND, HELD, UPDATE_HELD, ALREADY_DELIVERED }

    /** @param send receives the message when the decision is {@link Decision#SEND} */
    public Decision onAlert(Alert alert, Throttle throttle, long now, Consumer<ChatMessage> send) {
        if (alert.count > 1) {
            throttle.holdUpdate(alert);
            return Decision.UPDATE_HELD;
        }
        if (ledger.contains(alert.id)) return Decision.ALREADY_DELIVERED;
        if (!throttle.admit(destination.rateLimit(), now)) {
            throttle.hold(alert);
            return Decision.HELD;
        }
        send.accept(new ChatMessage(alert.id, destination.name(), format.alert(AlertCard.of(alert, kibanaUrl)), List.of(alert.id)));
        return Decision.SEND;
    }

    /** The digest message of the window that closes now, unless none was held or the destination has it already. */
    public Optional<ChatMessage> onWindowEnd(Throttle throttle) {
        return throttle.close(destination.name(), destination.rateLimit())
                .map(digest -> new ChatMessage(digestId(digest), destination.name(), format.digest(digest), digest.alertIds()))
                .filter(message -> !ledger.contains(message.id()));
    }

    public Long windowEnd(Throttle throttle) {
        return throttle.windowEnd(destination.rateLimit());
    }

    public boolean delivered(String messageId) {
        return ledger.contains(messageId);
    }

    private static String digestId(Digest digest) {
        return "digest-" + Secrets.sha256Hex(digest.destination() + "\u0000" + digest.from() + "\u0000"
                + String.join(",", digest.alertIds().stream().sorted().toList())).substring(0, 32);
    }
}
