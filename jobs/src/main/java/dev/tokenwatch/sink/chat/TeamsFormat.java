package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.Truncation.cut;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.util.List;

/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is received"), which posts
 * the Adaptive Card it is sent. The old Office 365 connectors and their MessageCard are retired.
 */
public final class TeamsFormat implements ChatFormat {
    /** Teams refuses a message over about 28 KB. */
    static final int MAX_BYTES = 28 * 1024;
    private static final int TITLE_CHARS = 300;
    private static final int FACT_CHARS = 500;

    @Override
    public String alert(AlertCard c) {
        String reason = AlertText.reason(c);
        return Truncation.fit(reason.length(), MAX_BYTES, n -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode card = card(root, AlertText.title(c), SeverityColour.of(c.severity()).adaptiveCard);
            ArrayNode body = card.withArray("body");
            text(body, cut(reason, n));
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            AlertText.facts(c, FACT_CHARS).forEach(f -> facts.addObject().put("title", f.label()).put("value", f.value()));
            text(body, AlertText.footer(c)).put("isSubtle", true).put("size", "Small");
            if (c.link() != null) {
                card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open in Kibana").put("url", c.link());
            }
            return root.toString();
        }, Truncation::utf8Bytes);
    }

    @Override
    public String digest(Digest d) {
        List<String> lines = DigestText.lines(d);
        String all = String.join("\n\n", lines);
        return Truncation.fit(all.length(), MAX_BYTES, n -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode body = card(root, DigestText.headline(d), "default").withArray("body");
            // one TextBlock per line unless cut: a cut digest is one block, so the cut is made once, at its end
            if (n >= all.length()) lines.forEach(line -> text(body, line));
            else text(body, cut(all, n));
            text(body, DigestText.footer(d)).put("isSubtle", true).put("size", "Small");
            return root.toString();
        }, Truncation::utf8Bytes);
    }

    /** The message envelope and the card in it, with its title. */
    private static ObjectNode card(ObjectNode root, String title, String colour) {
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        text(card.putArray("body"), cut(title, TITLE_CHARS)).put("size", "Medium").put("weight", "Bolder").put("color", colour);
        return card;
    }

    private static ObjectNode text(ArrayNode body, String text) {
        return body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
    }
}
