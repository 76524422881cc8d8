package dev.tokenwatch.rule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every field in a YAML document, by path ({@code new_value.fields}, {@code tests[1].name}),
 * so validation errors can point at the line at fault. Jackson's tree model drops locations.
 */
final class YamlLocations {
    private final Map<String, Integer> lines = new HashMap<>();

    YamlLocations(String yaml) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            if (p.nextToken() != null) walk(p, "");
        } catch (IOException | RuntimeException e) {
            // The loader reports the syntax error itself; without locations, errors fall back to line 1.
        }
    }

    private void walk(JsonParser p, String path) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                lines.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                walk(p, child);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String child = path + "[" + i++ + "]";
                lines.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                walk(p, child);
            }
        }
    }

    /** The line of the path, or of its nearest ancestor that has one, or 1. */
    int line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) return line;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 1;
    }
}
