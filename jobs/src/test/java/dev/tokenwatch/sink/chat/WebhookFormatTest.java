package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.ChatAlerts.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import org.junit.jupiter.api.Test;

class WebhookFormatTest {
    private final WebhookFormat format = new WebhookFormat();

    @Test
    void anAlertIsSentAsTheAlertDocument() {
        Alert alert = ChatAlerts.repeated("high");
        String body = format.alert(AlertCard.of(alert, ChatAlerts.KIBANA));
        assertThat(body).isEqualTo(AlertJson.toJson(alert));
        assertThat(json(body).at("/alert/reason").asText()).isEqualTo(ChatAlerts.REASON);
    }

    @Test
    void aDigestIsADocumentOfItsOwnKind() {
        JsonNode m = json(format.digest(ChatAlerts.digest()));
        assertThat(m.at("/event/kind").asText()).isEqualTo("digest");
        JsonNode d = m.path("digest");
        assertThat(d.path("destination").asText()).isEqualTo("soc");
        assertThat(d.path("from").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(d.path("to").asText()).isEqualTo("2026-11-20T08:05:00Z");
        assertThat(d.path("alerts").asLong()).isEqualTo(21);
        assertThat(d.path("updates").asLong()).isEqualTo(2);
        assertThat(d.at("/rules/0/id").asText()).isEqualTo("tw-token-new-source");
        assertThat(d.at("/rules/0/count").asLong()).isEqualTo(17);
        assertThat(d.at("/top_entities/0/name").asText()).isEqualTo("tok-ci-1");
        assertThat(d.path("alert_ids").size()).isEqualTo(21);
    }
}
