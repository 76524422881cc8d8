package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.ChatReceiver;
import dev.tokenwatch.testing.ChatReceiver.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery against a real local HTTP server: retries, Retry-After, the retry budget, what is never retried. */
class ChatSenderTest {
    private static final String PATH = "/hooks/T0001/B0001/s3cr3tPart";

    @TempDir
    Path dir;

    private ChatReceiver receiver;
    private ScheduledExecutorService scheduler;
    private final BlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();
    private DeliveryLedger ledger;

    @BeforeEach
    void start() throws Exception {
        receiver = ChatReceiver.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        ledger = DeliveryLedger.open(dir, "soc");
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        scheduler.shutdownNow();
        ledger.close();
    }

    private ChatSender sender(DeliveryPolicy policy, String secret) {
        return new ChatSender("soc", URI.create(receiver.url(PATH)), secret, policy, ledger,
                HttpClient.newHttpClient(), scheduler, outcomes::add);
    }

    private static DeliveryPolicy quick(int attempts) {
        return new DeliveryPolicy(Duration.ofSeconds(2), attempts, Duration.ofMillis(20), Duration.ofMillis(100), 2);
    }

    private static ChatMessage message(String id) {
        return new ChatMessage(id, "soc", "{\"text\":\"alert " + id + "\"}", List.of(id));
    }

    private DeliveryOutcome next() throws InterruptedException {
        DeliveryOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        assertThat(outcome).as("an outcome within 30 s").isNotNull();
        return outcome;
    }

    @Test
    void aFiveHundredIsRetriedWithTheSameBodyAndDeliveryIdUntilItIsAcknowledged() throws Exception {
        receiver.script(PATH, Answer.status(500), Answer.status(503));
        sender(quick(6), null).send(message("a1"));

        DeliveryOutcome outcome = next();
        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(3);
        List<ChatReceiver.Request> requests = receiver.requests(PATH);
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(ChatReceiver.Request::body).containsOnly("{\"text\":\"alert a1\"}");
        assertThat(requests).extracting(r -> r.header("X-Tokenwatch-Delivery")).containsOnly("a1");
        assertThat(ledger.contains("a1")).as("recorded once acknowledged").isTrue();
    }

    @Test
    void aTooManyRequestsWaitsAtLeastItsRetryAfter() throws Exception {
        receiver.script(PATH, Answer.tooManyRequests("1"));
        sender(quick(6), null).send(message("a2"));

        assertThat(next().delivered()).isTrue();
        List<ChatReceiver.Request> requests = receiver.requests(PATH);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).receivedAtMillis() - requests.get(0).receivedAtMillis())
                .as("Retry-After: 1 honoured although the backoff is 20 ms").isGreaterThanOrEqualTo(950);
    }

    @Test
    void afterTheRetryBudgetTheMessageFailsWithAReasonThatNamesTheDestinationButNotItsUrl() throws Exception {
        receiver.always(PATH, Answer.status(500));
        sender(quick(3), null).send(message("a3"));

        DeliveryOutcome outcome = next();
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(receiver.requests(PATH)).hasSize(3);
        assertThat(outcome.reason()).contains("chat destination soc", "answered 500", "gave up after 3 attempts")
                .doesNotContain("s3cr3tPart").doesNotContain("127.0.0.1");
        assertThat(ledger.contains("a3")).isFalse();
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        receiver.script(PATH, Answer.status(404));
        sender(quick(6), null).send(message("a4"));

        DeliveryOutcome outcome = next();
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.reason()).contains("answered 404", "not retried");
        assertThat(receiver.requests(PATH)).hasSize(1);
    }

    @Test
    void aDestinationThatNeverAnswersTimesOutAndFailsWithoutHoldingUpTheCaller() throws Exception {
        receiver.always(PATH, Answer.never());
        long before = System.nanoTime();
        ChatSender sender = sender(new DeliveryPolicy(Duration.ofMillis(300), 2, Duration.ofMillis(20), Duration.ofMillis(50), 1), null);
        for (int i = 0; i < 3; i++) sender.send(message("h" + i));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("send() returns at once").isLessThan(Duration.ofMillis(200));

        for (int i = 0; i < 3; i++) {
            DeliveryOutcome outcome = next();
            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.reason()).contains("HttpTimeoutException", "gave up after 2 attempts");
        }
        assertThat(receiver.requests(PATH)).as("one at a time at concurrency 1, each tried twice").hasSize(6);
    }

    @Test
    void aGenericWebhookRequestIsSignedSoTheReceiverCanVerifyIt() throws Exception {
        sender(quick(1), "shared-secret").send(message("a5"));

        assertThat(next().delivered()).isTrue();
        ChatReceiver.Request request = receiver.requests(PATH).get(0);
        long now = System.currentTimeMillis() / 1000;
        assertThat(WebhookSignature.verify("shared-secret", request.header("X-Tokenwatch-Timestamp"),
                request.header("X-Tokenwatch-Signature"), request.body(), now, 300)).isTrue();
        assertThat(WebhookSignature.verify("another-secret", request.header("X-Tokenwatch-Timestamp"),
                request.header("X-Tokenwatch-Signature"), request.body(), now, 300)).isFalse();
    }
}
