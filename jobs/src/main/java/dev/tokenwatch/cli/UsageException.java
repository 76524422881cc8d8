package dev.tokenwatch.cli;

/**
 * A command cannot start because of what the user gave it (a missing database, invalid rules, a
 * bad input path). The CLI prints the message, with no stack trace, and exits 2.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
