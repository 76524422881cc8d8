package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.ChatAlerts.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoogleChatFormatTest {
    private final GoogleChatFormat format = new GoogleChatFormat();

    @Test
    void anAlertIsACardWithColouredSeverityFactsAndButton() {
        AlertCard card = ChatAlerts.card();
        JsonNode m = json(format.alert(card));
        assertThat(m.path("text").asText()).isEqualTo("HIGH · Token used from a new country or network");
        JsonNode cardV2 = m.at("/cardsV2/0");
        assertThat(cardV2.path("cardId").asText()).isEqualTo("alert-" + card.alertId());
        assertThat(cardV2.at("/card/header/title").asText()).isEqualTo("Token used from a new country or network");
        assertThat(cardV2.at("/card/header/subtitle").asText()).isEqualTo("HIGH · tw-token-new-source");
        JsonNode widgets = cardV2.at("/card/sections/0/widgets");
        assertThat(widgets.at("/0/textParagraph/text").asText())
                .isEqualTo("<font color=\"#F2711C\"><b>HIGH</b></font> " + ChatAlerts.REASON);
        assertThat(widgets.findValuesAsText("topLabel")).containsExactly(
                "Token", "User", "Source IP", "Country", "Network", "Repository", "First seen", "Last seen", "Count");
        assertThat(widgets.findValues("decoratedText")).extracting(w -> w.path("text").asText()).contains(
                "tok-auto-3a7fe274", "95.216.3.77", "Finland (FI)", "AS24940 Hetzner Online GmbH", "acme/payments-api", "3");
        JsonNode button = widgets.findValue("buttonList").at("/buttons/0");
        assertThat(button.path("text").asText()).isEqualTo("Open in Kibana");
        assertThat(button.at("/onClick/openLink/url").asText()).isEqualTo(card.link());
    }

    @Test
    void registryInputShowsAsTextNotMarkup() {
        JsonNode m = json(format.alert(ChatAlerts.withReason("repo <b>x</b> & co")));
        assertThat(m.at("/cardsV2/0/card/sections/0/widgets/0/textParagraph/text").asText()).endsWith("repo &lt;b&gt;x&lt;/b&gt; &amp; co");
    }

    @Test
    void anAbsurdReasonIsCutToGoogleChatsLimits() {
        String body = format.alert(ChatAlerts.withReason("語".repeat(100_000)));
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32_000);
        JsonNode m = json(body);
        assertThat(m.path("text").asText().length()).isLessThanOrEqualTo(4096);
        assertThat(m.at("/cardsV2/0/card/sections/0/widgets/0/textParagraph/text").asText()).endsWith("…");
    }

    @Test
    void aDigestIsACardWithOneLinePerRule() {
        JsonNode m = json(format.digest(ChatAlerts.digest()));
        assertThat(m.path("text").asText()).isEqualTo("Tokenwatch: 21 more alerts in the last 5 minutes");
        assertThat(m.at("/cardsV2/0/card/sections/0/widgets/0/textParagraph/text").asText())
                .contains("17 more alerts for tw-token-new-source in the last 5 minutes<br>4 more alerts for tw-revoked-token-used");
    }
}
