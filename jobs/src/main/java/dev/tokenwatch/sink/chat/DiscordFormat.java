package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.Truncation.cut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.time.Instant;

/** Discord channel webhook: a short content line and one embed, its colour bar showing the severity. */
public final class DiscordFormat implements ChatFormat {
    static final int CONTENT_CHARS = 2000;
    static final int TITLE_CHARS = 256;
    static final int DESCRIPTION_CHARS = 4096;
    static final int MAX_FIELDS = 25;
    static final int FIELD_NAME_CHARS = 256;
    static final int FIELD_VALUE_CHARS = 1024;
    /** Below Discord's field limit so that the nine facts leave the reason most of {@link #EMBED_TEXT_CHARS}. */
    private static final int FACT_CHARS = 400;
    static final int FOOTER_CHARS = 2048;
    /** Discord's limit on all of a message's embed text together. */
    static final int EMBED_TEXT_CHARS = 6000;

    @Override
    public String alert(AlertCard c) {
        String reason = AlertText.reason(c);
        return Truncation.fit(Math.min(reason.length(), DESCRIPTION_CHARS), EMBED_TEXT_CHARS, n -> {
            ObjectNode root = root(cut(AlertText.title(c), CONTENT_CHARS));
            ObjectNode embed = embed(root, AlertText.title(c), cut(reason, n), SeverityColour.of(c.severity()).hex,
                    AlertText.footer(c), c.lastSeen());
            if (c.link() != null) embed.put("url", c.link());
            ArrayNode fields = embed.putArray("fields");
            AlertText.facts(c, Math.min(FACT_CHARS, FIELD_VALUE_CHARS)).stream().limit(MAX_FIELDS).forEach(f -> fields.addObject()
                    .put("name", cut(f.label(), FIELD_NAME_CHARS)).put("value", f.value()).put("inline", true));
            return root;
        }, DiscordFormat::embedText).toString();
    }

    @Override
    public String digest(Digest d) {
        String lines = String.join("\n", DigestText.lines(d));
        return Truncation.fit(Math.min(lines.length(), DESCRIPTION_CHARS), EMBED_TEXT_CHARS, n -> {
            ObjectNode root = root(cut(DigestText.headline(d), CONTENT_CHARS));
            embed(root, DigestText.headline(d), cut(lines, n), SeverityColour.DIGEST_HEX, DigestText.footer(d), d.to());
            return root;
        }, DiscordFormat::embedText).toString();
    }

    /** Alert values come from registry input: nobody named in them is pinged. */
    private static ObjectNode root(String content) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("content", content);
        root.putObject("allowed_mentions").putArray("parse");
        return root;
    }

    private static ObjectNode embed(ObjectNode root, String title, String description, String colour, String footer, Instant time) {
        ObjectNode embed = root.putArray("embeds").addObject();
        embed.put("title", cut(title, TITLE_CHARS));
        embed.put("description", description);
        embed.put("color", SeverityColour.rgb(colour));
        embed.putObject("footer").put("text", cut(footer, FOOTER_CHARS));
        if (time != null) embed.put("timestamp", time.toString());
        return embed;
    }

    /** What Discord counts towards {@link #EMBED_TEXT_CHARS}: titles, descriptions, field names and values, footers. */
    static int embedText(JsonNode message) {
        int chars = 0;
        for (JsonNode embed : message.path("embeds")) {
            chars += embed.path("title").asText().length() + embed.path("description").asText().length()
                    + embed.at("/footer/text").asText().length();
            for (JsonNode field : embed.path("fields")) chars += field.path("name").asText().length() + field.path("value").asText().length();
        }
        return chars;
    }
}
