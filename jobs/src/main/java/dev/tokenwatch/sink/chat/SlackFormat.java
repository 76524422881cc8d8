package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.Truncation.cut;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;

/**
 * Slack incoming webhook, Block Kit. The blocks sit in an attachment because only an attachment has the severity
 * colour bar. Slack shows the top-level {@code text} above the attachment as well as in notifications, so it is the
 * title alone: the reason is in the attachment.
 */
public final class SlackFormat implements ChatFormat {
    private static final int HEADER_CHARS = 150;
    private static final int SECTION_CHARS = 3000;
    private static final int MAX_FIELDS = 10;
    private static final int FIELD_CHARS = 2000;
    private static final int CONTEXT_CHARS = 2000;
    private static final int URL_CHARS = 3000;
    /** Slack takes far more, but a notification shows a line or two. */
    private static final int TEXT_CHARS = 3000;

    @Override
    public String alert(AlertCard c) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("text", mrkdwn(AlertText.title(c), TEXT_CHARS));
        ArrayNode blocks = attachment(root, SeverityColour.of(c.severity()).hex);
        header(blocks, AlertText.title(c));
        section(blocks).put("type", "mrkdwn").put("text", mrkdwn(AlertText.reason(c), SECTION_CHARS));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        // the label takes a few of the field's characters
        AlertText.facts(c, FIELD_CHARS - 100).stream().limit(MAX_FIELDS).forEach(f -> fields.addObject()
                .put("type", "mrkdwn").put("text", "*" + f.label() + "*\n" + mrkdwn(f.value(), FIELD_CHARS - 100)));
        context(blocks, AlertText.footer(c));
        String link = Truncation.linkWithin(c.link(), URL_CHARS);
        if (link != null) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open in Kibana");
            button.put("url", link);
        }
        return root.toString();
    }

    @Override
    public String digest(Digest d) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("text", mrkdwn(DigestText.headline(d), TEXT_CHARS));
        ArrayNode blocks = attachment(root, SeverityColour.DIGEST_HEX);
        header(blocks, DigestText.headline(d));
        section(blocks).put("type", "mrkdwn").put("text", mrkdwn(String.join("\n", DigestText.lines(d)), SECTION_CHARS));
        context(blocks, DigestText.footer(d));
        return root.toString();
    }

    private static ArrayNode attachment(ObjectNode root, String colour) {
        return root.putArray("attachments").addObject().put("color", colour).putArray("blocks");
    }

    private static void header(ArrayNode blocks, String text) {
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", cut(text, HEADER_CHARS));
    }

    private static ObjectNode section(ArrayNode blocks) {
        return blocks.addObject().put("type", "section").putObject("text");
    }

    private static void context(ArrayNode blocks, String text) {
        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", mrkdwn(text, CONTEXT_CHARS));
    }

    /**
     * Slack reads {@code <!channel>} and {@code <url|text>} in mrkdwn: alert values come from registry input, so
     * they are escaped, and cut so that the escaped text fits.
     */
    private static String mrkdwn(String text, int maxChars) {
        return Truncation.fit(maxChars, maxChars,
                n -> cut(text, n).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), String::length);
    }
}
