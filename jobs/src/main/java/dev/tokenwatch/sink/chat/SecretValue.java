package dev.tokenwatch.sink.chat;

import java.io.Serializable;

/**
 * A value from a routes file that may be a secret: {@code ${ENV_VAR}}, {@code file:PATH} or a literal. The job carries
 * the reference, not the value, and resolves it where it runs; neither shows in {@link #toString}, logs or dead letters.
 */
public record SecretValue(String reference) implements Serializable {
    @Override
    public String toString() {
        return "SecretValue[***]";
    }
}
