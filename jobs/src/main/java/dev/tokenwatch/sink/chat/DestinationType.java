package dev.tokenwatch.sink.chat;

import java.util.Arrays;
import java.util.Optional;

/** The chat tools a route can deliver to, by the name a routes file uses. */
public enum DestinationType {
    SLACK("slack"), TEAMS("teams"), MATTERMOST("mattermost"), GOOGLE_CHAT("google_chat"), DISCORD("discord"), WEBHOOK("webhook");

    public final String yamlName;

    DestinationType(String yamlName) {
        this.yamlName = yamlName;
    }

    public static Optional<DestinationType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
    }
}
