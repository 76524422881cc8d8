package dev.tokenwatch.rule;

/** An EPL condition that does not compile; the message is Esper's reason without the generated statement. */
public class InvalidConditionException extends Exception {
    public InvalidConditionException(String message) {
        super(message);
    }
}
