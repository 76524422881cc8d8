package dev.tokenwatch.sink.chat;

import java.util.Locale;

/** The colour of an alert's severity: the hex of tools that take any colour, the name Adaptive Cards allow. */
enum SeverityColour {
    LOW("#5B8DEF", "default"), MEDIUM("#F2C744", "accent"), HIGH("#F2711C", "warning"), CRITICAL("#D40E0D", "attention");

    /** A digest is no alert of its own: neutral grey. */
    static final String DIGEST_HEX = "#8A8F98";

    final String hex;
    final String adaptiveCard;

    SeverityColour(String hex, String adaptiveCard) {
        this.hex = hex;
        this.adaptiveCard = adaptiveCard;
    }

    /** An unknown severity shows as low rather than failing the message. */
    static SeverityColour of(String severity) {
        for (SeverityColour c : values()) {
            if (c.name().equals(severity == null ? null : severity.toUpperCase(Locale.ROOT))) return c;
        }
        return LOW;
    }

    static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }
}
