package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.ChatAlerts.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MattermostFormatTest {
    private final MattermostFormat format = new MattermostFormat();

    @Test
    void anAlertIsASlackCompatibleAttachment() {
        AlertCard card = ChatAlerts.card();
        JsonNode m = json(format.alert(card));
        assertThat(m.path("text").asText()).isEqualTo("HIGH · Token used from a new country or network");
        JsonNode a = m.path("attachments").get(0);
        assertThat(a.path("fallback").asText()).isEqualTo("HIGH · Token used from a new country or network: " + ChatAlerts.REASON);
        assertThat(a.path("color").asText()).isEqualTo("#F2711C");
        assertThat(a.path("title").asText()).isEqualTo("HIGH · Token used from a new country or network");
        assertThat(a.path("title_link").asText()).isEqualTo(card.link());
        assertThat(a.path("text").asText()).isEqualTo(ChatAlerts.REASON);
        assertThat(a.path("fields").findValuesAsText("title")).containsExactly(
                "Token", "User", "Source IP", "Country", "Network", "Repository", "First seen", "Last seen", "Count");
        assertThat(a.path("fields").findValuesAsText("value")).contains(
                "tok-auto-3a7fe274", "95.216.3.77", "Finland (FI)", "AS24940 Hetzner Online GmbH", "acme/payments-api", "3");
        assertThat(a.at("/fields/0/short").asBoolean()).isTrue();
        assertThat(a.path("footer").asText()).startsWith("Rule tw-token-new-source · alert ");
    }

    @Test
    void registryInputMentionsNobody() {
        JsonNode m = json(format.alert(ChatAlerts.withReason("pushed by @channel")));
        assertThat(m.at("/attachments/0/text").asText()).isEqualTo("pushed by @\u200Bchannel");
    }

    @Test
    void anAbsurdReasonIsCutToMattermostsPostLength() {
        String body = format.alert(ChatAlerts.withReason("ü".repeat(100_000)));
        assertThat(body.length()).isLessThanOrEqualTo(MattermostFormat.MAX_CHARS);
        assertThat(json(body).at("/attachments/0/text").asText()).startsWith("üüü").endsWith("…");
    }

    @Test
    void aDigestListsTheRules() {
        JsonNode m = json(format.digest(ChatAlerts.digest()));
        assertThat(m.path("text").asText()).isEqualTo("Tokenwatch: 21 more alerts in the last 5 minutes");
        assertThat(m.at("/attachments/0/text").asText())
                .contains("17 more alerts for tw-token-new-source in the last 5 minutes", "and 2 updates of alerts already sent");
    }
}
