package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.ChatAlerts.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SlackFormatTest {
    private final SlackFormat format = new SlackFormat();

    @Test
    void anAlertIsAColouredAttachmentWithHeaderReasonFactsAndButton() {
        AlertCard card = ChatAlerts.card();
        JsonNode m = json(format.alert(card));
        assertThat(m.path("text").asText()).isEqualTo("HIGH · Token used from a new country or network");
        JsonNode attachment = m.path("attachments").get(0);
        assertThat(attachment.path("color").asText()).isEqualTo("#F2711C");
        JsonNode blocks = attachment.path("blocks");
        assertThat(blocks.get(0).at("/type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo("HIGH · Token used from a new country or network");
        assertThat(blocks.get(1).at("/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).at("/text/text").asText()).isEqualTo(ChatAlerts.REASON);
        assertThat(blocks.get(2).path("fields").findValuesAsText("text")).containsExactly(
                "*Token*\ntok-auto-3a7fe274", "*User*\nkbauer", "*Source IP*\n95.216.3.77", "*Country*\nFinland (FI)",
                "*Network*\nAS24940 Hetzner Online GmbH", "*Repository*\nacme/payments-api",
                "*First seen*\n2026-11-20 08:14:03 UTC", "*Last seen*\n2026-11-20 09:40:00 UTC", "*Count*\n3");
        assertThat(blocks.get(3).at("/elements/0/text").asText()).startsWith("Rule tw-token-new-source · alert ");
        JsonNode button = blocks.get(4).at("/elements/0");
        assertThat(button.at("/text/text").asText()).isEqualTo("Open in Kibana");
        assertThat(button.path("url").asText()).isEqualTo(card.link());
    }

    @Test
    void noKibanaNoButton() {
        AlertCard c = ChatAlerts.card();
        AlertCard noLink = new AlertCard(c.alertId(), c.severity(), c.ruleId(), c.ruleName(), c.reason(), c.tokenId(), c.userName(),
                c.sourceIp(), c.country(), c.network(), c.repository(), c.firstSeen(), c.lastSeen(), c.count(), null, c.document());
        assertThat(json(format.alert(noLink)).at("/attachments/0/blocks").findValuesAsText("type")).doesNotContain("actions");
    }

    @Test
    void eachSeverityHasItsColour() {
        assertThat(colour("low")).isEqualTo("#5B8DEF");
        assertThat(colour("medium")).isEqualTo("#F2C744");
        assertThat(colour("high")).isEqualTo("#F2711C");
        assertThat(colour("critical")).isEqualTo("#D40E0D");
    }

    @Test
    void registryInputCannotMentionTheChannel() {
        JsonNode m = json(format.alert(ChatAlerts.withReason("user <!channel> pushed <https://evil.example|a fix> & left")));
        assertThat(m.at("/attachments/0/blocks/1/text/text").asText())
                .isEqualTo("user &lt;!channel&gt; pushed &lt;https://evil.example|a fix&gt; &amp; left");
        assertThat(m.path("text").asText()).doesNotContain("<!channel>");
    }

    @Test
    void anAbsurdReasonIsCutToSlacksLimits() {
        JsonNode m = json(format.alert(ChatAlerts.withReason("x".repeat(100_000))));
        JsonNode blocks = m.at("/attachments/0/blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        assertThat(blocks.at("/0/text/text").asText().length()).isLessThanOrEqualTo(150);
        assertThat(blocks.at("/1/text/text").asText()).hasSize(3000).endsWith("…");
        assertThat(blocks.at("/2/fields").size()).isLessThanOrEqualTo(10);
        blocks.at("/2/fields").forEach(f -> assertThat(f.path("text").asText().length()).isLessThanOrEqualTo(2000));
        assertThat(m.path("text").asText().length()).isLessThanOrEqualTo(3000);
    }

    @Test
    void aDigestSaysHowManyMoreAlertsPerRule() {
        JsonNode m = json(format.digest(ChatAlerts.digest()));
        assertThat(m.path("text").asText()).isEqualTo("Tokenwatch: 21 more alerts in the last 5 minutes");
        assertThat(m.at("/attachments/0/color").asText()).isEqualTo("#8A8F98");
        assertThat(m.at("/attachments/0/blocks/1/text/text").asText()).isEqualTo("""
                17 more alerts for tw-token-new-source in the last 5 minutes
                4 more alerts for tw-revoked-token-used in the last 5 minutes
                Seen most: tok-ci-1 (9), tok-old-7 (4), tok-10 (1), tok-11 (1), tok-12 (1)
                and 2 updates of alerts already sent""");
        assertThat(m.at("/attachments/0/blocks/2/elements/0/text").asText())
                .isEqualTo("Digest for soc, 2026-11-20 08:00:00 UTC to 2026-11-20 08:05:00 UTC");
    }

    private String colour(String severity) {
        return json(format.alert(AlertCard.of(ChatAlerts.repeated(severity), null))).at("/attachments/0/color").asText();
    }
}
