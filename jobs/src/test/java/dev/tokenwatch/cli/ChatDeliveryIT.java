package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.chat.WebhookSignature;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.ChatReceiver;
import dev.tokenwatch.testing.ChatReceiver.Answer;
import dev.tokenwatch.testing.ChatRepeats;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.SampleAlerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tokenwatch run --routes FILE} on the samples, as its own JVM, with every destination type pointed at a real
 * local HTTP server: each gets every alert once, a 500 is retried, a destination that never answers holds nothing
 * up and ends in dead letters, and a job killed while delivering neither repeats nor skips a message.
 */
class ChatDeliveryIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final List<String> TYPES = List.of("slack", "teams", "mattermost", "google_chat", "discord", "webhook");
    private static final String SECRET = "test-hmac-secret";
    /** Where each tool's documented payload keeps the alert's details. */
    private static final java.util.Map<String, String> SHAPE = java.util.Map.of(
            "slack", "/attachments/0/blocks/0/type",
            "teams", "/attachments/0/content/body/0/type",
            "mattermost", "/attachments/0/fields/0/title",
            "google_chat", "/cardsV2/0/card/sections/0/widgets/0",
            "discord", "/embeds/0/fields/0/name",
            "webhook", "/alert/reason");

    @TempDir
    static Path dir;
    static ChatReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = ChatReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** One destination per type at /PREFIX-TYPE, plus {@code extra} YAML; requests time out after 5 s, tried twice. */
    private static Path routes(String prefix, String extra) throws Exception {
        Path secret = Files.writeString(dir.resolve(prefix + "-hmac"), SECRET + "\n");
        StringBuilder yaml = new StringBuilder("kibana_url: https://kibana.example\n"
                + "delivery: {timeout: 5s, max_attempts: 2, first_backoff: 200ms, max_backoff: 1s, concurrency: 4}\n"
                + "destinations:\n");
        for (String type : TYPES) {
            yaml.append("  - name: ").append(type).append("\n    type: ").append(type)
                    .append("\n    url: ").append(receiver.url("/" + prefix + "-" + type)).append('\n');
            if (type.equals("webhook")) yaml.append("    secret: file:").append(secret).append('\n');
        }
        yaml.append(extra);
        return Files.writeString(dir.resolve(prefix + "-routes.yaml"), yaml.toString());
    }

    private static String[] run(Path data, Path routes, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--data", data.toString(), "-p", "2", "--no-reload",
                "--checkpoint-interval", "1s", "--status-interval", "0s", "--routes", routes.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static Set<String> alertIds(Path data) {
        return AlertLines.lines(data.resolve("alerts.jsonl")).stream().filter(l -> !l.isBlank())
                .map(l -> {
                    try {
                        return Json.MAPPER.readTree(l).path("alert").path("id").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> deliveredIds(String path) {
        return receiver.delivered(path).stream().map(r -> r.header(ChatRepeats.DELIVERY_HEADER)).toList();
    }

    private static List<String> deadLetterOrigins(Path data, String destination) throws Exception {
        Path file = data.resolve("dead-letters.jsonl");
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().filter(l -> l.contains("chat:" + destination + "/")).toList();
    }

    @Test
    void everyDestinationGetsEveryAlertOnceWhileOneThatNeverAnswersHoldsNothingUp() throws Exception {
        receiver.script("/a-teams", Answer.status(500));
        receiver.always("/a-silent", Answer.never());
        Path routes = routes("a", "  - name: silent\n    type: slack\n    url: " + receiver.url("/a-silent") + "\n");
        Path data = dir.resolve("a");
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, routes, "--fresh"))) {
            await(() -> alertIds(data).size() >= SampleAlerts.COUNT, "the samples' alerts in the alerts file", job);
            Set<String> ids = alertIds(data);
            for (String type : TYPES) {
                await(() -> Set.copyOf(deliveredIds("/a-" + type)).equals(ids), type + " to have every alert", job);
            }
            assertThat(deadLetterOrigins(data, "silent")).as("alerts file and every other destination complete while the"
                    + " silent one is still being tried").hasSizeLessThan(ids.size());

            for (String type : TYPES) {
                assertThat(deliveredIds("/a-" + type)).as(type).doesNotHaveDuplicates();
                for (ChatReceiver.Request r : receiver.delivered("/a-" + type)) {
                    assertThat(Json.MAPPER.readTree(r.body()).at(SHAPE.get(type)).isMissingNode()).as(type + " payload " + r.body()).isFalse();
                }
            }
            assertThat(receiver.requests("/a-teams")).as("the 500 was retried").hasSize(ids.size() + 1);
            for (ChatReceiver.Request r : receiver.requests("/a-webhook")) {
                assertThat(WebhookSignature.verify(SECRET, r.header("X-Tokenwatch-Timestamp"), r.header("X-Tokenwatch-Signature"),
                        r.body(), System.currentTimeMillis() / 1000, 600)).as("signed with the shared secret").isTrue();
                JsonNode alert = Json.MAPPER.readTree(r.body());
                assertThat(alert.path("alert").path("id").asText()).isEqualTo(r.header(ChatRepeats.DELIVERY_HEADER));
            }
            String revoked = receiver.delivered("/a-slack").stream().map(ChatReceiver.Request::body)
                    .filter(b -> b.contains("tw-revoked-token-used")).findFirst().orElseThrow();
            assertThat(revoked).contains("tok-old-deploy", "3.140.61.23", "https://kibana.example/app/discover");

            await(() -> deadLetterOrigins(data, "silent").size() == ids.size(), "a dead letter per alert for the silent destination", job);
            assertThat(deadLetterOrigins(data, "silent")).allSatisfy(l -> assertThat(l).contains("HttpTimeoutException")
                    .doesNotContain(receiver.url("/a-silent")));
        }
    }

    /**
     * A request under way when the process dies is the one thing that can reach a destination twice: the destination
     * may have taken it without the job learning so (HTTP has no way to ask). Every other alert arrives exactly once.
     */
    @Test
    void killedWhileDeliveringEveryDestinationGetsEveryAlertAndRepeatsAtMostWhatWasUnderWayAtTheKill() throws Exception {
        Path routes = routes("k", "");
        Path data = dir.resolve("k");
        List<Long> kills = new java.util.ArrayList<>();
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, routes, "--fresh"))) {
            await(() -> !receiver.delivered("/k-slack").isEmpty(), "a first delivery", job);
            job.kill();
            kills.add(System.currentTimeMillis()); // the process is gone: nothing it sent arrives later than this
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, routes))) {
            await(() -> receiver.delivered("/k-slack").size() >= SampleAlerts.COUNT / 2, "half the deliveries", job);
            job.kill();
            kills.add(System.currentTimeMillis()); // the process is gone: nothing it sent arrives later than this
        }
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, routes))) {
            await(() -> alertIds(data).size() >= SampleAlerts.COUNT, "the samples' alerts in the alerts file", job);
            Set<String> ids = alertIds(data);
            for (String type : TYPES) {
                await(() -> Set.copyOf(deliveredIds("/k-" + type)).equals(ids), type + " to have every alert", job);
            }
            Thread.sleep(3000); // a late repeat would show now
            assertThat(job.log()).contains("Resuming from checkpoint");
        }
        for (String type : TYPES) {
            ChatRepeats.assertOnlyWhatWasUnderWayAtAKillRepeats(type, receiver.delivered("/k-" + type), kills, 4, Duration.ofSeconds(5));
        }
    }

    private static void await(RunProcess.Check check, String what, RunProcess job) throws Exception {
        job.await(check, what, WAIT);
    }
}
