package dev.tokenwatch.sink.chat;

import static dev.tokenwatch.sink.chat.Truncation.cut;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;

/** Google Chat space webhook: a title line, shown above the card and in notifications, and a card (cardsV2) with the alert. */
public final class GoogleChatFormat implements ChatFormat {
    static final int MAX_BYTES = 32_000;
    static final int TEXT_CHARS = 4096;
    private static final int HEADER_CHARS = 200;
    private static final int FACT_CHARS = 500;

    @Override
    public String alert(AlertCard c) {
        String reason = AlertText.reason(c);
        SeverityColour colour = SeverityColour.of(c.severity());
        return Truncation.fit(reason.length(), MAX_BYTES, n -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("text", cut(AlertText.title(c), TEXT_CHARS));
            ArrayNode widgets = card(root, "alert-" + c.alertId(), c.ruleName() == null ? c.ruleId() : c.ruleName(),
                    AlertText.severity(c) + " · " + c.ruleId());
            paragraph(widgets, "<font color=\"" + colour.hex + "\"><b>" + html(AlertText.severity(c)) + "</b></font> " + html(cut(reason, n)));
            AlertText.facts(c, FACT_CHARS).forEach(f -> widgets.addObject().putObject("decoratedText")
                    .put("topLabel", f.label()).put("text", html(f.value())));
            paragraph(widgets, html(AlertText.footer(c)));
            if (c.link() != null) {
                ObjectNode button = widgets.addObject().putObject("buttonList").putArray("buttons").addObject().put("text", "Open in Kibana");
                button.putObject("onClick").putObject("openLink").put("url", c.link());
            }
            return root.toString();
        }, Truncation::utf8Bytes);
    }

    @Override
    public String digest(Digest d) {
        String lines = String.join("\n", DigestText.lines(d));
        return Truncation.fit(lines.length(), MAX_BYTES, n -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("text", cut(DigestText.headline(d), TEXT_CHARS));
            ArrayNode widgets = card(root, "digest-" + d.destination(), DigestText.headline(d), d.destination());
            paragraph(widgets, html(cut(lines, n)).replace("\n", "<br>"));
            paragraph(widgets, html(DigestText.footer(d)));
            return root.toString();
        }, Truncation::utf8Bytes);
    }

    /** The card with its header; returns its one section's widgets. */
    private static ArrayNode card(ObjectNode root, String cardId, String title, String subtitle) {
        ObjectNode card = root.putArray("cardsV2").addObject().put("cardId", cardId).putObject("card");
        card.putObject("header").put("title", cut(title, HEADER_CHARS)).put("subtitle", cut(subtitle, HEADER_CHARS));
        return card.putArray("sections").addObject().putArray("widgets");
    }

    private static void paragraph(ArrayNode widgets, String html) {
        widgets.addObject().putObject("textParagraph").put("text", html);
    }

    /** Card text is HTML: alert values from registry input must show as written, not as markup. */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
