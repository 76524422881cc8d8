package dev.tokenwatch.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The backtest as a plain-text table for the terminal: one row per rule, then the totals line. */
public final class TerminalTable {
    private static final String ABSENT = "-";

    private TerminalTable() {}

    public static String render(BacktestResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(result.hasBaseline()
                ? new String[] {"RULE", "ALERTS", "KEYS", "PER DAY", "BASELINE", "ADDED", "REMOVED", ""}
                : new String[] {"RULE", "ALERTS", "KEYS", "PER DAY"});
        for (RuleSummary r : result.rules()) {
            String alerts = r.inCandidate() ? Long.toString(r.alerts()) : ABSENT;
            String keys = r.inCandidate() ? Long.toString(r.distinctKeys()) : ABSENT;
            String perDay = r.inCandidate() ? String.format(Locale.ROOT, "%.2f", result.days().perDay(r.alerts())) : ABSENT;
            if (!result.hasBaseline()) {
                rows.add(new String[] {r.id(), alerts, keys, perDay});
                continue;
            }
            String note = r.presence(true);
            if (r.changed() > 0) note = (note.isEmpty() ? "" : note + "; ") + r.changed() + " with a new count or reason";
            rows.add(new String[] {r.id(), alerts, keys, perDay, r.inBaseline() ? Long.toString(r.baselineAlerts()) : ABSENT,
                    "+" + r.added(), "-" + r.removed(), note});
        }
        StringBuilder out = new StringBuilder();
        int[] widths = widths(rows);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) line.append("  ");
                // The rule id and the note read left to right; numbers line up on the right.
                boolean left = c == 0 || c == row.length - 1 && result.hasBaseline();
                line.append(left ? pad(row[c], widths[c], true) : pad(row[c], widths[c], false));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(result.totals()).append('\n');
        return out.toString();
    }

    private static int[] widths(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        return widths;
    }

    private static String pad(String s, int width, boolean left) {
        String fill = " ".repeat(width - s.length());
        return left ? s + fill : fill + s;
    }
}
