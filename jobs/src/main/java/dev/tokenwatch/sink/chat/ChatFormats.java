package dev.tokenwatch.sink.chat;

/** The format of each destination type. */
public final class ChatFormats {
    private ChatFormats() {}

    public static ChatFormat of(DestinationType type) {
        return switch (type) {
            case SLACK -> new SlackFormat();
            case TEAMS -> new TeamsFormat();
            case MATTERMOST -> new MattermostFormat();
            case GOOGLE_CHAT -> new GoogleChatFormat();
            case DISCORD -> new DiscordFormat();
            case WEBHOOK -> new WebhookFormat();
        };
    }
}
