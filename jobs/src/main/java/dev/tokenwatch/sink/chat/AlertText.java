package dev.tokenwatch.sink.chat;

import dev.tokenwatch.alert.AlertJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words every format says about an alert, so a Slack and a Teams message say the same thing. */
final class AlertText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** One labelled value of the fact list. */
    record Fact(String label, String value) {}

    private AlertText() {}

    /** "HIGH · Token used from a new country or network". */
    static String title(AlertCard c) {
        return severity(c) + " · " + (c.ruleName() == null ? c.ruleId() : c.ruleName());
    }

    /** The notification line: title and reason. */
    static String summary(AlertCard c) {
        return c.reason() == null ? title(c) : title(c) + ": " + c.reason();
    }

    static String reason(AlertCard c) {
        return c.reason() == null || c.reason().isBlank() ? title(c) : c.reason();
    }

    /** "Rule tw-token-new-source · alert 3a9c1f00b2": what to search for. */
    static String footer(AlertCard c) {
        return "Rule " + c.ruleId() + " · alert " + AlertJson.shortId(c.alertId());
    }

    static String severity(AlertCard c) {
        return c.severity() == null ? "ALERT" : c.severity().toUpperCase(Locale.ROOT);
    }

    /** Who, from where, on what, and when: only what the alert has, each value at most {@code maxValue} characters. */
    static List<Fact> facts(AlertCard c, int maxValue) {
        List<Fact> facts = new ArrayList<>();
        add(facts, "Token", c.tokenId(), maxValue);
        add(facts, "User", c.userName(), maxValue);
        add(facts, "Source IP", c.sourceIp(), maxValue);
        add(facts, "Country", c.country(), maxValue);
        add(facts, "Network", c.network(), maxValue);
        add(facts, "Repository", c.repository(), maxValue);
        add(facts, "First seen", time(c.firstSeen()), maxValue);
        add(facts, "Last seen", time(c.lastSeen()), maxValue);
        add(facts, "Count", Long.toString(c.count()), maxValue);
        return facts;
    }

    static String time(Instant t) {
        return t == null ? null : TIME.format(t);
    }

    private static void add(List<Fact> facts, String label, String value, int maxValue) {
        if (value != null && !value.isBlank()) facts.add(new Fact(label, Truncation.cut(value, maxValue)));
    }
}
