package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.ChatAlerts.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DiscordFormatTest {
    private final DiscordFormat format = new DiscordFormat();

    @Test
    void anAlertIsAColouredEmbedThatPingsNobody() {
        AlertCard card = ChatAlerts.card();
        JsonNode m = json(format.alert(card));
        assertThat(m.path("content").asText()).isEqualTo("HIGH · Token used from a new country or network");
        assertThat(m.at("/allowed_mentions/parse").isArray()).isTrue();
        assertThat(m.at("/allowed_mentions/parse").size()).isZero();
        JsonNode embed = m.at("/embeds/0");
        assertThat(embed.path("title").asText()).isEqualTo("HIGH · Token used from a new country or network");
        assertThat(embed.path("description").asText()).isEqualTo(ChatAlerts.REASON);
        assertThat(embed.path("url").asText()).isEqualTo(card.link());
        assertThat(embed.path("color").asInt()).isEqualTo(0xF2711C);
        assertThat(embed.path("fields").findValuesAsText("name")).containsExactly(
                "Token", "User", "Source IP", "Country", "Network", "Repository", "First seen", "Last seen", "Count");
        assertThat(embed.path("fields").findValuesAsText("value")).contains(
                "tok-auto-3a7fe274", "95.216.3.77", "Finland (FI)", "AS24940 Hetzner Online GmbH", "acme/payments-api", "3");
        assertThat(embed.at("/fields/0/inline").asBoolean()).isTrue();
        assertThat(embed.at("/footer/text").asText()).startsWith("Rule tw-token-new-source");
        assertThat(embed.path("timestamp").asText()).isEqualTo("2026-11-20T09:40:00Z");
    }

    @Test
    void criticalIsRed() {
        assertThat(json(format.alert(AlertCard.of(ChatAlerts.repeated("critical"), null))).at("/embeds/0/color").asInt())
                .isEqualTo(0xD40E0D);
    }

    @Test
    void anAbsurdReasonIsCutToDiscordsEmbedLimits() {
        JsonNode m = json(format.alert(ChatAlerts.withReason("x".repeat(100_000))));
        JsonNode embed = m.at("/embeds/0");
        assertThat(embed.path("description").asText().length()).isLessThanOrEqualTo(4096);
        assertThat(embed.path("description").asText()).endsWith("…");
        assertThat(DiscordFormat.embedText(m)).isLessThanOrEqualTo(6000);
        assertThat(m.path("content").asText().length()).isLessThanOrEqualTo(2000);
        assertThat(embed.path("fields").size()).isLessThanOrEqualTo(25);
    }

    @Test
    void aDigestSaysWhatWasHeldBack() {
        JsonNode m = json(format.digest(ChatAlerts.digest()));
        assertThat(m.path("content").asText()).isEqualTo("Tokenwatch: 21 more alerts in the last 5 minutes");
        assertThat(m.at("/embeds/0/description").asText()).contains(
                "17 more alerts for tw-token-new-source in the last 5 minutes", "Seen most: tok-ci-1 (9)", "and 2 updates");
        assertThat(m.at("/embeds/0/timestamp").asText()).isEqualTo("2026-11-20T08:05:00Z");
    }
}
