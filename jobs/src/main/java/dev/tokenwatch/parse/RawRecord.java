package dev.tokenwatch.parse;

/**
 * One unit of input as the source read it: a line of a JSON Lines file or a whole {@code .json}
 * document, with where it came from so a dead letter can point back at it.
 *
 * @param origin file path or stream name
 * @param line 1-based line number (the first line of a whole document)
 * @param text the decoded text, possibly truncated when {@code problem} says so
 * @param problem why the source could not deliver this record intact (invalid UTF-8, too long), or null
 */
public record RawRecord(String origin, long line, String text, String problem) {
    public static RawRecord of(String origin, long line, String text) {
        return new RawRecord(origin, line, text, null);
    }
}
