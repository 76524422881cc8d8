package dev.tokenwatch.sink.chat;

/** A {@link SecretValue} whose variable is unset or whose file cannot be read; the message names which, never a value. */
public final class UnresolvableSecretException extends RuntimeException {
    public UnresolvableSecretException(String message) {
        super(message);
    }
}
