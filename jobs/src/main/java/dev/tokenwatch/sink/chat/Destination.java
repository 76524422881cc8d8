package dev.tokenwatch.sink.chat;

import java.io.Serializable;

/**
 * One chat destination of a routes file: where to post, which alerts, how fast.
 *
 * @param secret the HMAC signing secret of a {@code webhook}, null for the other types
 */
public record Destination(String name, DestinationType type, SecretValue url, SecretValue secret, AlertFilter filter,
                          RateLimit rateLimit) implements Serializable {
}
