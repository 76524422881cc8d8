package dev.tokenwatch.backtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link Scorecard} as a terminal table with the missed attacks under it, or as JSON with the same figures. */
public final class ScorecardReport {
    private ScorecardReport() {}

    public static String table(Scorecard s) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RULE", "PLANTED", "FOUND", "ALERTS", "FALSE", "FALSE/100K", s.tokenIds() ? "" : "NEED TOKEN IDS"});
        for (Scorecard.Row r : s.rows()) rows.add(cells(r, s.tokenIds()));
        rows.add(cells(s.overall(), s.tokenIds()));
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(pad(row[0], widths[0], true));
            for (int c = 1; c < row.length; c++) line.append("  ").append(pad(row[c], widths[c], false));
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%,d events, %,d benign; %d of %d attacks found, %d false alerts (%.1f per 100,000 benign events)%n",
                s.events(), s.benignEvents(), s.overall().found(), s.overall().planted(), s.overall().falseAlerts(), s.overall().falsePer100k()));
        for (PlantedAttack a : s.missed()) out.append("missed ").append(a.id()).append(" (").append(a.rule()).append("): ").append(a.description()).append('\n');
        for (PlantedAttack a : s.notExpected()) {
            out.append("not expected without token ids ").append(a.id()).append(" (").append(a.rule()).append(")")
                    .append(s.foundIds().contains(a.id()) ? ", found anyway" : "").append(": ").append(a.description()).append('\n');
        }
        return out.toString();
    }

    public static ObjectNode json(Scorecard s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("events", s.events());
        o.put("benign_events", s.benignEvents());
        o.put("token_ids", s.tokenIds());
        ArrayNode rules = o.putArray("rules");
        for (Scorecard.Row r : s.rows()) rules.add(row(r));
        o.set("overall", row(s.overall()));
        ArrayNode missed = o.putArray("missed");
        for (PlantedAttack a : s.missed()) missed.add(attack(a, false));
        ArrayNode apart = o.putArray("not_expected_without_token_ids");
        for (PlantedAttack a : s.notExpected()) apart.add(attack(a, s.foundIds().contains(a.id())));
        return o;
    }

    private static String[] cells(Scorecard.Row r, boolean tokenIds) {
        return new String[] {r.rule(), Integer.toString(r.planted()), Integer.toString(r.found()), Long.toString(r.alerts()),
                Long.toString(r.falseAlerts()), String.format(Locale.ROOT, "%.1f", r.falsePer100k()),
                tokenIds ? "" : Integer.toString(r.notExpected())};
    }

    private static ObjectNode row(Scorecard.Row r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("rule", r.rule());
        o.put("planted", r.planted());
        o.put("found", r.found());
        o.put("not_expected_without_token_ids", r.notExpected());
        o.put("alerts", r.alerts());
        o.put("false_alerts", r.falseAlerts());
        o.put("false_per_100k_benign", Math.round(r.falsePer100k() * 10) / 10.0);
        return o;
    }

    private static ObjectNode attack(PlantedAttack a, boolean found) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("attack", a.id());
        o.put("rule", a.rule());
        o.put("description", a.description());
        if (found) o.put("found_anyway", true);
        return o;
    }

    private static String pad(String s, int width, boolean left) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return left ? s + fill : fill + s;
    }
}
