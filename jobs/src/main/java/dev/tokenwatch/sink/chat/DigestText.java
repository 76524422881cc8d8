package dev.tokenwatch.sink.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The words every format says about a digest: "17 more alerts for tw-token-new-source in the last 5 minutes". */
final class DigestText {
    private DigestText() {}

    /** "Tokenwatch: 23 more alerts in the last 5 minutes". */
    static String headline(Digest d) {
        String what = d.alerts() > 0 ? more(d.alerts()) : updates(d.updates());
        return "Tokenwatch: " + what + " in " + period(d);
    }

    /** One line per rule, the top entities, then the updates. */
    static List<String> lines(Digest d) {
        List<String> lines = new ArrayList<>();
        for (Digest.Count rule : d.rules()) lines.add(more(rule.count()) + " for " + rule.name() + " in " + period(d));
        if (!d.topEntities().isEmpty()) {
            lines.add("Seen most: " + d.topEntities().stream().map(e -> e.name() + " (" + e.count() + ")").collect(Collectors.joining(", ")));
        }
        if (d.updates() > 0) lines.add((d.alerts() > 0 ? "and " : "") + updates(d.updates()));
        return lines;
    }

    /** "Digest for soc, 2026-11-20 08:00:00 UTC to 2026-11-20 08:05:00 UTC". */
    static String footer(Digest d) {
        return "Digest for " + d.destination() + ", " + AlertText.time(d.from()) + " to " + AlertText.time(d.to());
    }

    /** "the last 5 minutes", "the last hour", "the last 1 hour 30 minutes". */
    static String period(Digest d) {
        Duration length = d.from() == null || d.to() == null ? Duration.ZERO : Duration.between(d.from(), d.to()).abs();
        long seconds = length.getSeconds();
        List<String> parts = new ArrayList<>();
        unit(parts, seconds / 86_400, "day");
        unit(parts, seconds % 86_400 / 3_600, "hour");
        unit(parts, seconds % 3_600 / 60, "minute");
        unit(parts, seconds % 60, "second");
        if (parts.isEmpty()) return "the last moment";
        String text = String.join(" ", parts);
        return "the last " + (text.startsWith("1 ") && parts.size() == 1 ? text.substring(2) : text);
    }

    private static String more(long alerts) {
        return alerts + " more alert" + (alerts == 1 ? "" : "s");
    }

    private static String updates(long updates) {
        return updates + " update" + (updates == 1 ? "" : "s") + " of alerts already sent";
    }

    private static void unit(List<String> parts, long n, String unit) {
        if (n > 0) parts.add(n + " " + unit + (n == 1 ? "" : "s"));
    }
}
