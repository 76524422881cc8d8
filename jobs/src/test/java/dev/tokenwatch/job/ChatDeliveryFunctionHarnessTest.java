package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.chat.AlertFilter;
import dev.tokenwatch.sink.chat.DeliveryPolicy;
import dev.tokenwatch.sink.chat.Destination;
import dev.tokenwatch.sink.chat.DestinationType;
import dev.tokenwatch.sink.chat.RateLimit;
import dev.tokenwatch.sink.chat.Routes;
import dev.tokenwatch.sink.chat.SecretValue;
import dev.tokenwatch.testing.ChatReceiver;
import dev.tokenwatch.testing.ChatReceiver.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat delivery in Flink's harness against a real local HTTP server: the rate limit and its digest, suppression
 * updates, dead letters, and a restart from a checkpoint that neither repeats nor skips a message.
 */
class ChatDeliveryFunctionHarnessTest {
    private static final String SOC = "/soc";
    private static final DeliveryPolicy QUICK = new DeliveryPolicy(Duration.ofSeconds(2), 2, Duration.ofMillis(10), Duration.ofMillis(20), 4);

    @TempDir
    Path ledgers;

    private ChatReceiver receiver;
    private long now;

    @BeforeEach
    void start() throws Exception {
        receiver = ChatReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Routes routes(RateLimit limit) {
        return new Routes(null, QUICK, List.of(new Destination("soc", DestinationType.SLACK, new SecretValue(receiver.url(SOC)),
                null, AlertFilter.all(), limit)));
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Alert>, String> harness(Routes routes) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ChatDeliveryFunction(routes, ledgers)),
                (Tuple2<String, Alert> routed) -> routed.f0, Types.STRING);
        h.setProcessingTime(now);
        return h;
    }

    private static Alert alert(String id, String ruleId, String token, long count) {
        Event e = new Event();
        e.timestamp = 1_763_280_000_000L;
        e.id = "ev-" + id;
        e.tokenId = token;
        e.userName = "kbauer";
        e.sourceIp = "95.216.3.77";
        Alert a = new Alert();
        a.id = id;
        a.timestamp = e.timestamp;
        a.ruleId = ruleId;
        a.ruleName = ruleId;
        a.ruleType = "new_value";
        a.severity = "high";
        a.riskScore = 63;
        a.reason = "token " + token + " used from a new country";
        a.status = "open";
        a.count = count;
        a.firstSeen = e.timestamp;
        a.lastSeen = e.timestamp;
        a.suppressionKey = token;
        a.eventIds = new String[] {e.id};
        a.event = e;
        return a;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Alert>, String> h, Alert a) throws Exception {
        h.processElement(Tuple2.of("soc", a), a.timestamp);
    }

    /** Lets processing time run until the check holds: outcomes are taken in on the operator's timers. */
    private void await(KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Alert>, String> h, BooleanSupplier check,
                       String what) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!check.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            now += ChatDeliveryFunction.PUMP_MILLIS;
            h.setProcessingTime(now);
            Thread.sleep(10);
        }
    }

    private List<String> deliveredIds() {
        return receiver.delivered(SOC).stream().map(r -> r.header("X-Tokenwatch-Delivery")).toList();
    }

    /** In the destination's ledger: a crash from now on does not send it again. */
    private boolean recorded(String alertId) {
        try {
            Path ledger = ledgers.resolve("soc.delivered");
            return Files.exists(ledger) && Files.readAllLines(ledger).contains(alertId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void twoHundredAlertsInAMinuteAreThirtyMessagesAndOneDigestOfTheRest() throws Exception {
        try (var h = harness(routes(new RateLimit(30, Duration.ofMinutes(1))))) {
            h.open();
            for (int i = 0; i < 200; i++) {
                send(h, alert("a" + i, i % 4 == 0 ? "tw-impossible-travel" : "tw-token-new-source", "tok-" + (i % 7), 1));
            }
            await(h, () -> receiver.delivered(SOC).size() >= 30, "the first 30 delivered");
            Thread.sleep(200);
            assertThat(receiver.requests(SOC)).as("no more than the limit before the window closes").hasSize(30);

            now = 60_000;
            h.setProcessingTime(now);
            await(h, () -> receiver.delivered(SOC).size() >= 31, "the digest delivered");
            String digest = receiver.delivered(SOC).get(30).body();
            assertThat(digest).contains("170 more alerts", "tw-token-new-source", "tw-impossible-travel", "tok-");
            await(h, () -> h.numProcessingTimeTimers() == 0, "nothing left to deliver");
            assertThat(receiver.requests(SOC)).hasSize(31);
            assertThat(h.extractOutputValues()).as("no dead letters").isEmpty();
        }
    }

    @Test
    void twoDestinationsOnOneSubtaskEachGetEveryAlertOnce() throws Exception {
        receiver.script("/ops", Answer.status(500), Answer.status(500));
        Routes two = new Routes(null, QUICK, List.of(
                new Destination("soc", DestinationType.SLACK, new SecretValue(receiver.url(SOC)), null, AlertFilter.all(), RateLimit.defaults()),
                new Destination("ops", DestinationType.DISCORD, new SecretValue(receiver.url("/ops")), null, AlertFilter.all(), RateLimit.defaults())));
        try (var h = harness(two)) {
            h.open();
            for (int i = 0; i < 20; i++) {
                Alert a = alert("a" + i, "tw-token-new-source", "tok-" + i, 1);
                h.processElement(Tuple2.of("soc", a), a.timestamp);
                h.processElement(Tuple2.of("ops", a), a.timestamp);
            }
            await(h, () -> receiver.delivered(SOC).size() >= 20 && receiver.delivered("/ops").size() >= 20, "both complete");
            for (int i = 0; i < 10; i++) {
                now += ChatDeliveryFunction.PUMP_MILLIS;
                h.setProcessingTime(now);
                Thread.sleep(20);
            }
            assertThat(deliveredIds()).hasSize(20).doesNotHaveDuplicates();
            assertThat(receiver.delivered("/ops")).hasSize(20);
        }
    }

    @Test
    void aLaterVersionOfAnAlertIsNotANewMessage() throws Exception {
        try (var h = harness(routes(RateLimit.defaults()))) {
            h.open();
            send(h, alert("a1", "tw-revoked-token-used", "tok-old", 1));
            send(h, alert("a1", "tw-revoked-token-used", "tok-old", 3));
            await(h, () -> h.numProcessingTimeTimers() <= 1, "delivered");
            now += Duration.ofMinutes(5).toMillis();
            h.setProcessingTime(now);
            Thread.sleep(300);
            assertThat(deliveredIds()).containsExactly("a1");
        }
    }

    @Test
    void aMessageGivenUpOnIsADeadLetterWithItsReasonAndWithoutTheUrl() throws Exception {
        receiver.always(SOC, Answer.status(500));
        try (var h = harness(routes(RateLimit.defaults()))) {
            h.open();
            send(h, alert("a1", "tw-revoked-token-used", "tok-old", 1));
            await(h, () -> !h.extractOutputValues().isEmpty(), "a dead letter");
            JsonNode letter = Json.MAPPER.readTree(h.extractOutputValues().get(0));
            assertThat(letter.path("origin").asText()).isEqualTo("chat:soc/a1");
            assertThat(letter.path("format").asText()).isEqualTo("chat");
            assertThat(letter.path("reason").asText()).contains("answered 500", "gave up after 2 attempts");
            assertThat(letter.toString()).doesNotContain(receiver.url(SOC));
            assertThat(receiver.requests(SOC)).hasSize(2);
        }
    }

    @Test
    void aRestartFromACheckpointNeitherRepeatsNorSkipsAMessage() throws Exception {
        Routes routes = routes(RateLimit.defaults());
        OperatorSubtaskState checkpoint;
        // Before the crash: a1 is acknowledged after the checkpoint, a2 is in the checkpoint and still unanswered at the
        // crash, a3 comes after the checkpoint and is acknowledged.
        receiver.script(SOC, Answer.status(200), Answer.never());
        try (var h = harness(routes)) {
            h.open();
            send(h, alert("a1", "tw-token-new-source", "tok-1", 1));
            await(h, () -> receiver.requests(SOC).size() >= 1, "a1 sent");
            send(h, alert("a2", "tw-token-new-source", "tok-2", 1));
            checkpoint = h.snapshot(1, now);
            await(h, () -> receiver.requests(SOC).size() >= 2, "a2 sent");
            send(h, alert("a3", "tw-token-new-source", "tok-3", 1));
            await(h, () -> recorded("a1") && recorded("a3"), "a1 and a3 acknowledged and recorded");
        } // the crash: no further checkpoint

        try (var h = harness(routes)) {
            h.initializeState(checkpoint);
            h.open();
            // The job replays what came after the checkpoint, and goes on.
            send(h, alert("a3", "tw-token-new-source", "tok-3", 1));
            send(h, alert("a4", "tw-token-new-source", "tok-4", 1));
            await(h, () -> deliveredIds().containsAll(List.of("a2", "a4")), "a2 and a4 delivered");
            await(h, () -> h.numProcessingTimeTimers() <= 1, "nothing left to deliver");
            Thread.sleep(300);
        }
        assertThat(deliveredIds()).containsExactlyInAnyOrder("a1", "a2", "a3", "a4");
    }
}
