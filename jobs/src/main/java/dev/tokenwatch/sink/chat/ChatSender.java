package dev.tokenwatch.sink.chat;

import dev.tokenwatch.event.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts messages to one destination without ever blocking the caller: at most {@link DeliveryPolicy#concurrency()}
 * requests at once, the rest queued. A 5xx, a 429 or a network error is tried again after an exponential backoff with
 * jitter (a 429's {@code Retry-After} when longer) until {@link DeliveryPolicy#maxAttempts()}; any other answer
 * below 200 or from 300 up fails at once. Each message ends in exactly one {@link DeliveryOutcome}, after a delivered
 * one is in the {@link DeliveryLedger}. Reasons name the destination, never its URL or secret.
 */
public final class ChatSender {
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);
    private static final int REASON_BODY_CHARS = 200;

    private final String destination;
    private final URI url;
    private final String secret;
    private final DeliveryPolicy policy;
    private final DeliveryLedger ledger;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Consumer<DeliveryOutcome> outcomes;
    private final Deque<ChatMessage> queue = new ArrayDeque<>();
    private int inFlight;

    /** @param secret the HMAC secret of a generic webhook: its requests are signed ({@link WebhookSignature}); else null */
    public ChatSender(String destination, URI url, String secret, DeliveryPolicy policy, DeliveryLedger ledger,
                      HttpClient client, ScheduledExecutorService scheduler, Consumer<DeliveryOutcome> outcomes) {
        this.destination = destination;
        this.url = url;
        this.secret = secret;
        this.policy = policy;
        this.ledger = ledger;
        this.client = client;
        this.scheduler = scheduler;
        this.outcomes = outcomes;
    }

    public void send(ChatMessage message) {
        synchronized (queue) {
            queue.add(message);
        }
        startWhatFits();
    }

    private void startWhatFits() {
        while (true) {
            ChatMessage next;
            synchronized (queue) {
                if (inFlight >= policy.concurrency() || queue.isEmpty()) return;
                next = queue.poll();
                inFlight++;
            }
            attempt(next, 1);
        }
    }

    private void attempt(ChatMessage message, int attempt) {
        client.sendAsync(ChatRequests.post(url, secret, message, policy.timeout()), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> answered(message, attempt, response, error));
    }

    private void answered(ChatMessage message, int attempt, HttpResponse<String> response, Throwable error) {
        try {
            if (error == null && response.statusCode() / 100 == 2) {
                ledger.record(message);
                finish(DeliveryOutcome.delivered(message, attempt));
                return;
            }
            String problem = error != null ? describe(error) : "answered " + response.statusCode() + excerpt(response.body());
            boolean retryable = error != null || response.statusCode() == 429 || response.statusCode() / 100 == 5;
            if (!retryable || attempt >= policy.maxAttempts()) {
                finish(DeliveryOutcome.failed(message, attempt, "chat destination " + destination + " " + problem
                        + (retryable ? " (gave up after " + attempt + " attempts)" : " (not retried)")));
                return;
            }
            Duration wait = backoff(attempt);
            if (response != null && response.statusCode() == 429) wait = longest(wait, retryAfter(response));
            scheduler.schedule(() -> attempt(message, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            finish(DeliveryOutcome.failed(message, attempt, "chat destination " + destination + ": " + describe(e)));
        }
    }

    private void finish(DeliveryOutcome outcome) {
        synchronized (queue) {
            inFlight--;
        }
        outcomes.accept(outcome);
        startWhatFits();
    }

    /** The n-th wait: the first backoff doubled per attempt, at most the longest, and from half of it to all of it. */
    Duration backoff(int attempt) {
        long base = policy.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, policy.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** {@code Retry-After} in seconds or as an HTTP date; zero when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").strip();
        if (value.isEmpty()) return Duration.ZERO;
        try {
            return longestAllowed(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return longestAllowed(Duration.between(Instant.now(), at));
            } catch (RuntimeException unreadable) {
                return Duration.ZERO;
            }
        }
    }

    private static Duration longestAllowed(Duration d) {
        return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : d;
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) return "";
        String text = Secrets.scrub(body.strip());
        return ": " + (text.length() > REASON_BODY_CHARS ? text.substring(0, REASON_BODY_CHARS) + "…" : text);
    }

    /**
     * The error's kind and message, for a reason or {@code notify test}; the JDK's messages for a connection name the
     * host and port at most, not the path.
     */
    public static String describe(Throwable error) {
        Throwable cause = error.getCause() != null && error instanceof CompletionException ? error.getCause() : error;
        return "failed: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }
}
