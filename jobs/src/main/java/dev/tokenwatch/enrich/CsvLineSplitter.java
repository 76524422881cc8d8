package dev.tokenwatch.enrich;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one RFC 4180 CSV line: fields separated by commas, a field may be double-quoted and
 * then contain commas and doubled quotes ({@code "LLC ""SPUTNIK"""}). Fields are not trimmed.
 */
final class CsvLineSplitter {

    private CsvLineSplitter() {
    }

    /** The fields of {@code line}, or null if a quoted field is not closed properly. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(4);
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return null; // unterminated quote
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < n && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                fields.add(field.toString());
                if (i == n) {
                    return fields;
                }
                if (line.charAt(i) != ',') {
                    return null; // text after the closing quote
                }
                i++;
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String field = line.substring(i, end);
                if (field.indexOf('"') >= 0) {
                    return null; // stray quote in an unquoted field
                }
                fields.add(field);
                if (comma < 0) {
                    return fields;
                }
                i = comma + 1;
            }
        }
    }
}
