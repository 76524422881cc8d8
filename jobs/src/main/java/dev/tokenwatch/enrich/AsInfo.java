package dev.tokenwatch.enrich;

/**
 * An autonomous system: its number and the organization that holds it (may be null when the
 * data has no name).
 */
public record AsInfo(long number, String organization) {
}
