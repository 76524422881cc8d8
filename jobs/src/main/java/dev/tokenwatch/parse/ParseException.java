package dev.tokenwatch.parse;

/** Input that cannot become an event; the message names the field and the value at fault. */
public class ParseException extends Exception {
    public ParseException(String message) {
        super(message);
    }
}
