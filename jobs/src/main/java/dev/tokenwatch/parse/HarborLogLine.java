package dev.tokenwatch.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of Harbor's text log ({@code src/lib/log}): {@code <RFC3339 time> [LEVEL] [file:line][k="v" k2="v2"]: msg}.
 * The source-line marker and the field block are each optional; when either is there a {@code :} and a space end
 * them. Harbor writes field values with {@code %v}, unescaped, so a value runs to the {@code "} before the next
 * {@code key="} or before the {@code "]} that ends the block.
 *
 * @param time    the formatter's time, as written
 * @param fields  the logger's fields in the order written (Harbor sorts them by key)
 * @param message what was logged
 */
record HarborLogLine(String time, String level, Map<String, String> fields, String message) {
    private static final Pattern LINE = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\S+) \\[([A-Z]+)\\] (.*)", Pattern.DOTALL);
    private static final Pattern SOURCE_MARKER = Pattern.compile("\\[[^\\[\\]\\s]*:\\d+\\]");
    private static final Pattern FIELD_KEY = Pattern.compile("(?:^|(?<=\") )([A-Za-z_][A-Za-z0-9_.]*)=\"");
    private static final String BLOCK_END = "\"]:";

    /** Whether the text starts as Harbor's text formatter starts a line. */
    static boolean looksLikeOne(String text) {
        return LINE.matcher(text).lookingAt();
    }

    /** The line read, or empty when it is not written by Harbor's text formatter. */
    static Optional<HarborLogLine> read(String text) throws ParseException {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) return Optional.empty();
        String rest = m.group(3);
        int at = 0;
        Matcher marker = SOURCE_MARKER.matcher(rest);
        if (marker.lookingAt()) at = marker.end();
        Map<String, String> fields = new LinkedHashMap<>();
        if (rest.startsWith("[", at) && FIELD_KEY.matcher(rest).region(at + 1, rest.length()).lookingAt()) {
            int end = rest.indexOf(BLOCK_END, at);
            if (end < 0) throw new ParseException("log fields: no closing '\"]:' in " + JsonFields.show(rest.substring(at)));
            readFields(rest.substring(at + 1, end + 1), fields);
            at = end + BLOCK_END.length() - 1;
        }
        if (at > 0) {
            if (!rest.startsWith(":", at)) {
                throw new ParseException("log line: expected ':' after " + JsonFields.show(rest.substring(0, at)));
            }
            at++;
            if (rest.startsWith(" ", at)) at++;
        }
        return Optional.of(new HarborLogLine(m.group(1), m.group(2), fields, rest.substring(at)));
    }

    /** {@code k="v" k2="v2"}: each value ends at the quote before the next key, the last at the final quote. */
    private static void readFields(String block, Map<String, String> into) {
        Matcher key = FIELD_KEY.matcher(block);
        String name = null;
        int valueStart = 0;
        while (key.find()) {
            if (name != null) into.put(name, block.substring(valueStart, key.start() - 1));
            name = key.group(1);
            valueStart = key.end();
        }
        if (name != null) into.put(name, block.substring(valueStart, Math.max(valueStart, block.length() - 1)));
    }
}
