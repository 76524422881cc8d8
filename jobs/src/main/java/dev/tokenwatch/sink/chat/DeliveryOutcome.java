package dev.tokenwatch.sink.chat;

/**
 * How the delivery of one message ended.
 *
 * @param reason why it failed, for the dead letter; never the URL or a secret
 */
public record DeliveryOutcome(ChatMessage message, boolean delivered, int attempts, String reason) {
    static DeliveryOutcome delivered(ChatMessage message, int attempts) {
        return new DeliveryOutcome(message, true, attempts, null);
    }

    static DeliveryOutcome failed(ChatMessage message, int attempts, String reason) {
        return new DeliveryOutcome(message, false, attempts, reason);
    }
}
