package dev.tokenwatch.cli;

import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns for the terminal, two spaces apart; an absent value shows as {@code -}. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(Object... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) row[i] = cells[i] == null || cells[i].toString().isEmpty() ? "-" : cells[i].toString();
        rows.add(row);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    String render() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], row[c].length());
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0) line.append("  ");
                line.append(c == columns - 1 ? row[c] : String.format("%-" + widths[c] + "s", row[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
