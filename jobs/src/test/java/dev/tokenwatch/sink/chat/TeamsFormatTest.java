package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.ChatAlerts.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TeamsFormatTest {
    private final TeamsFormat format = new TeamsFormat();

    @Test
    void anAlertIsAnAdaptiveCardForAWorkflowsWebhook() {
        AlertCard card = ChatAlerts.card();
        JsonNode m = json(format.alert(card));
        assertThat(m.path("type").asText()).isEqualTo("message");
        JsonNode attachment = m.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.has("contentUrl")).isTrue();
        assertThat(attachment.path("contentUrl").isNull()).isTrue();
        JsonNode content = attachment.path("content");
        assertThat(content.path("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(content.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(content.path("version").asText()).isEqualTo("1.4");
        JsonNode body = content.path("body");
        assertThat(body.at("/0/text").asText()).isEqualTo("HIGH · Token used from a new country or network");
        assertThat(body.at("/0/color").asText()).isEqualTo("warning");
        assertThat(body.at("/1/text").asText()).isEqualTo(ChatAlerts.REASON);
        assertThat(body.at("/1/wrap").asBoolean()).isTrue();
        assertThat(body.at("/2/type").asText()).isEqualTo("FactSet");
        assertThat(body.at("/2/facts").findValuesAsText("value")).contains(
                "tok-auto-3a7fe274", "kbauer", "95.216.3.77", "Finland (FI)", "AS24940 Hetzner Online GmbH", "acme/payments-api",
                "2026-11-20 08:14:03 UTC", "2026-11-20 09:40:00 UTC", "3");
        assertThat(body.at("/3/text").asText()).startsWith("Rule tw-token-new-source");
        JsonNode action = content.at("/actions/0");
        assertThat(action.path("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(action.path("title").asText()).isEqualTo("Open in Kibana");
        assertThat(action.path("url").asText()).isEqualTo(card.link());
    }

    @Test
    void eachSeverityHasItsAdaptiveCardColour() {
        assertThat(colour("low")).isEqualTo("default");
        assertThat(colour("medium")).isEqualTo("accent");
        assertThat(colour("high")).isEqualTo("warning");
        assertThat(colour("critical")).isEqualTo("attention");
    }

    @Test
    void anAbsurdReasonIsCutToTeamsPayloadLimit() {
        String body = format.alert(ChatAlerts.withReason("€".repeat(100_000)));
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(28 * 1024);
        assertThat(json(body).at("/attachments/0/content/body/1/text").asText()).startsWith("€€€").endsWith("…");
    }

    @Test
    void aDigestIsOneTextBlockPerLine() {
        JsonNode body = json(format.digest(ChatAlerts.digest())).at("/attachments/0/content/body");
        assertThat(body.findValuesAsText("text")).containsExactly(
                "Tokenwatch: 21 more alerts in the last 5 minutes",
                "17 more alerts for tw-token-new-source in the last 5 minutes",
                "4 more alerts for tw-revoked-token-used in the last 5 minutes",
                "Seen most: tok-ci-1 (9), tok-old-7 (4), tok-10 (1), tok-11 (1), tok-12 (1)",
                "and 2 updates of alerts already sent",
                "Digest for soc, 2026-11-20 08:00:00 UTC to 2026-11-20 08:05:00 UTC");
    }

    private String colour(String severity) {
        return json(format.alert(AlertCard.of(ChatAlerts.repeated(severity), null))).at("/attachments/0/content/body/0/color").asText();
    }
}
