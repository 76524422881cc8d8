package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChatFormatsTest {
    @Test
    void eachDestinationTypeHasItsFormat() {
        assertThat(ChatFormats.of(DestinationType.SLACK)).isInstanceOf(SlackFormat.class);
        assertThat(ChatFormats.of(DestinationType.TEAMS)).isInstanceOf(TeamsFormat.class);
        assertThat(ChatFormats.of(DestinationType.MATTERMOST)).isInstanceOf(MattermostFormat.class);
        assertThat(ChatFormats.of(DestinationType.GOOGLE_CHAT)).isInstanceOf(GoogleChatFormat.class);
        assertThat(ChatFormats.of(DestinationType.DISCORD)).isInstanceOf(DiscordFormat.class);
        assertThat(ChatFormats.of(DestinationType.WEBHOOK)).isInstanceOf(WebhookFormat.class);
    }

    @ParameterizedTest
    @EnumSource(DestinationType.class)
    void anAbsurdReasonOfEmojiStillMakesValidJson(DestinationType type) {
        String body = ChatFormats.of(type).alert(ChatAlerts.withReason("🔥\"\\\n".repeat(25_000)));
        assertThat(ChatAlerts.json(body).isObject()).isTrue();
        assertThat(body).doesNotContain("\uFFFD");
    }

    @ParameterizedTest
    @EnumSource(DestinationType.class)
    void aDigestOfOnlyUpdatesSaysSo(DestinationType type) {
        Digest d = new Digest("soc", Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-20T09:30:00Z"),
                List.of(), List.of(), 1, List.of());
        String body = ChatFormats.of(type).digest(d);
        assertThat(ChatAlerts.json(body).isObject()).isTrue();
        if (type != DestinationType.WEBHOOK) {
            assertThat(body).contains("Tokenwatch: 1 update of alerts already sent in the last 1 hour 30 minutes").doesNotContain("and 1 update");
        }
    }

    @Test
    void periodsReadAsPeopleSayThem() {
        assertThat(period("PT5M")).isEqualTo("the last 5 minutes");
        assertThat(period("PT1H")).isEqualTo("the last hour");
        assertThat(period("PT1H30M")).isEqualTo("the last 1 hour 30 minutes");
        assertThat(period("PT90S")).isEqualTo("the last 1 minute 30 seconds");
    }

    private static String period(String duration) {
        Instant to = Instant.parse("2026-11-20T08:00:00Z");
        return DigestText.period(new Digest("soc", to.minus(java.time.Duration.parse(duration)), to, List.of(), List.of(), 0, List.of()));
    }
}
