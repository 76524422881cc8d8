package dev.tokenwatch.sink.chat;

import java.io.Serializable;
import java.time.Duration;

/**
 * How hard a destination is tried: each request times out after {@code timeout}; a 5xx, 429 or network error is retried
 * up to {@code maxAttempts} in all, waiting {@code firstBackoff} doubled per attempt up to {@code maxBackoff}, with
 * jitter (a 429's {@code Retry-After} wins when longer); at most {@code concurrency} requests per destination at once.
 */
public record DeliveryPolicy(Duration timeout, int maxAttempts, Duration firstBackoff, Duration maxBackoff, int concurrency)
        implements Serializable {
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(10), 6, Duration.ofSeconds(1), Duration.ofMinutes(2), 4);
    }
}
