package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.Truncation.cut;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;

/** Mattermost incoming webhook with a Slack-compatible attachment, whose colour bar shows the severity. */
public final class MattermostFormat implements ChatFormat {
    /** Mattermost's longest post; the whole body is held to it, which also covers the attachment's texts. */
    static final int MAX_CHARS = 16_383;
    private static final int LINE_CHARS = 500;
    private static final int FIELD_CHARS = 500;

    @Override
    public String alert(AlertCard c) {
        String reason = AlertText.reason(c);
        return Truncation.fit(reason.length(), MAX_CHARS, n -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode attachment = attachment(root, AlertText.summary(c), SeverityColour.of(c.severity()).hex, AlertText.title(c));
            if (c.link() != null) attachment.put("title_link", c.link());
            attachment.put("text", quiet(cut(reason, n)));
            ArrayNode fields = attachment.putArray("fields");
            AlertText.facts(c, FIELD_CHARS).forEach(f -> fields.addObject().put("short", true).put("title", f.label()).put("value", quiet(f.value())));
            attachment.put("footer", quiet(cut(AlertText.footer(c), LINE_CHARS)));
            return root.toString();
        }, String::length);
    }

    @Override
    public String digest(Digest d) {
        String lines = String.join("\n", DigestText.lines(d));
        return Truncation.fit(lines.length(), MAX_CHARS, n -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode attachment = attachment(root, DigestText.headline(d), SeverityColour.DIGEST_HEX, DigestText.headline(d));
            attachment.put("text", quiet(cut(lines, n)));
            attachment.put("footer", quiet(cut(DigestText.footer(d), LINE_CHARS)));
            return root.toString();
        }, String::length);
    }

    /** The message text and its one attachment, whose fallback is what notifications show. */
    private static ObjectNode attachment(ObjectNode root, String summary, String colour, String title) {
        // shown above the attachment: the title, not the summary, so the reason does not show twice
        root.put("text", quiet(cut(title, LINE_CHARS)));
        return root.putArray("attachments").addObject()
                .put("fallback", quiet(cut(summary, LINE_CHARS)))
                .put("color", colour)
                .put("title", quiet(cut(title, LINE_CHARS)));
    }

    /**
     * Alert values come from registry input: a user named "channel" must not page the whole channel. A zero-width
     * space after every '@' keeps the text readable and mentions nobody.
     */
    private static String quiet(String text) {
        return text == null ? null : text.replace("@", "@\u200B");
    }
}
