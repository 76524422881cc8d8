package dev.tokenwatch.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one logfmt line ({@code key=value key="quoted \"value\""}), the format of the Distribution registry's own log.
 * Lenient as log readers are: a key without {@code =} is a flag with an empty value, an unterminated quote runs to the
 * end of the line.
 */
final class Logfmt {
    private Logfmt() {}

    static Map<String, String> parse(String line) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') i++;
            int keyStart = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ') i++;
            String key = line.substring(keyStart, i);
            String value = "";
            if (i < n && line.charAt(i) == '=') {
                i++;
                StringBuilder v = new StringBuilder();
                if (i < n && line.charAt(i) == '"') {
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        if (line.charAt(i) == '\\' && i + 1 < n) i++;
                        v.append(line.charAt(i++));
                    }
                    i++;
                } else {
                    while (i < n && line.charAt(i) != ' ') v.append(line.charAt(i++));
                }
                value = v.toString();
            }
            if (!key.isEmpty()) pairs.put(key, value);
        }
        return pairs;
    }
}
