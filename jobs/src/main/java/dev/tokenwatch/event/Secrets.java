package dev.tokenwatch.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces anything that looks like a credential with a fingerprint, so secrets never reach alerts,
 * dead letters, indices or logs. The fingerprint still lets an investigator correlate two sightings
 * of the same secret without revealing it.
 */
public final class Secrets {
    private static final Pattern SECRET = Pattern.compile(String.join("|",
            // Docker Hub personal / organization access tokens, GitHub and GitLab tokens
            "\\b(?:dckr_(?:pat|oat)_|gh[pousr]_|glpat-)[A-Za-z0-9_\\-]{8,}",
            // JWTs: header.payload.signature, the header always starts with {" in base64url
            "\\beyJ[A-Za-z0-9_\\-]{5,}\\.[A-Za-z0-9_\\-]{5,}\\.[A-Za-z0-9_\\-]*",
            // Authorization header values: a scheme and a credential long enough not to be an ordinary word
            "(?i)\\b(?:bearer|basic)\\s+[A-Za-z0-9._~+/=\\-]{16,}"));

    private Secrets() {}

    /** Substrings the patterns need (the last two in any case); text with none of them skips the regular expression. */
    private static final String[] MARKERS = {"dckr_", "gh", "glpat-", "eyJ"};
    private static final String[] MARKERS_ANY_CASE = {"bearer", "basic"};

    public static boolean containsSecret(String text) {
        return text != null && mayContainSecret(text) && SECRET.matcher(text).find();
    }

    private static boolean mayContainSecret(String text) {
        for (String marker : MARKERS) {
            if (text.contains(marker)) return true;
        }
        for (String marker : MARKERS_ANY_CASE) {
            for (int i = 0; i + marker.length() <= text.length(); i++) {
                if (text.regionMatches(true, i, marker, 0, marker.length())) return true;
            }
        }
        return false;
    }

    public static String scrub(String text) {
        if (text == null || !mayContainSecret(text)) return text;
        Matcher m = SECRET.matcher(text);
        if (!m.find()) return text;
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(fingerprint(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    public static String fingerprint(String secret) {
        return "redacted:sha256:" + sha256Hex(secret).substring(0, 16);
    }

    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** Scrubs every string field of an event in place. */
    public static void scrub(Event event) {
        for (EventField field : EventField.values()) {
            Object v = field.get(event);
            if (v instanceof String s) {
                if (containsSecret(s)) field.set(event, scrub(s));
            } else if (v instanceof String[] arr) {
                for (int i = 0; i < arr.length; i++) arr[i] = scrub(arr[i]);
            }
        }
    }
}
