package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.chat.WebhookSignature;
import dev.tokenwatch.testing.ChatReceiver;
import dev.tokenwatch.testing.ChatReceiver.Answer;
import dev.tokenwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notify test} against a real local HTTP server: what a team runs to check its routes before relying on them. */
class NotifyTestCommandTest {
    @TempDir
    Path dir;

    private ChatReceiver receiver;
    private Path routes;

    @BeforeEach
    void start() throws Exception {
        receiver = ChatReceiver.start();
        Path secret = Files.writeString(dir.resolve("hmac"), "s3cret\n");
        routes = Files.writeString(dir.resolve("routes.yaml"), "kibana_url: https://kibana.example\ndestinations:\n"
                + "  - {name: soc, type: slack, url: \"" + receiver.url("/soc") + "\"}\n"
                + "  - {name: platform, type: teams, url: \"" + receiver.url("/platform") + "\"}\n"
                + "  - {name: siem, type: webhook, url: \"" + receiver.url("/siem") + "\", secret: \"file:" + secret + "\"}\n");
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void sendsASampleAlertToEachDestinationAndPrintsTheStatusEachAnswered() throws Exception {
        receiver.always("/platform", Answer.status(404));
        Cli.Run run = Cli.run("notify", "test", "--routes", routes.toString());

        assertThat(run.exit()).as("not every destination answered 2xx").isEqualTo(1);
        assertThat(run.out()).contains("soc (slack): HTTP 200", "platform (teams): HTTP 404", "siem (webhook): HTTP 200")
                .doesNotContain(receiver.url("/"));
        assertThat(Json.MAPPER.readTree(receiver.requests("/soc").get(0).body()).path("attachments").get(0).path("blocks").size())
                .isPositive();
        ChatReceiver.Request signed = receiver.requests("/siem").get(0);
        assertThat(WebhookSignature.verify("s3cret", signed.header("X-Tokenwatch-Timestamp"), signed.header("X-Tokenwatch-Signature"),
                signed.body(), System.currentTimeMillis() / 1000, 300)).isTrue();
        assertThat(signed.body()).contains("Tokenwatch test message");
    }

    @Test
    void toSendsToOneDestinationOnlyAndExitsZeroWhenItAnswered() {
        Cli.Run run = Cli.run("notify", "test", "--routes", routes.toString(), "--to", "soc");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(receiver.requests()).hasSize(1);
        assertThat(Cli.run("notify", "test", "--routes", routes.toString(), "--to", "nobody").err())
                .contains("no destination named 'nobody'");
    }

    @Test
    void aRoutesFileWithAnUnsetVariableIsRefusedNamingTheVariable() throws Exception {
        Path unset = Files.writeString(dir.resolve("unset.yaml"),
                "destinations:\n  - {name: soc, type: slack, url: \"${TOKENWATCH_TEST_SURELY_UNSET_URL}\"}\n");
        Cli.Run run = Cli.run("notify", "test", "--routes", unset.toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("TOKENWATCH_TEST_SURELY_UNSET_URL", "unset.yaml");
        assertThat(receiver.requests()).isEmpty();
    }
}
