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

    /**
     * Substrings the patterns need; text with none of them skips the regular expression. Every string of every event
     * passes here, so the check is one scan: a bare "gh" (in "high", "ghcr.io") would send half of them to the regex.
     */
    private static final String[] MARKERS = {"dckr_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "eyJ"};

    public static boolean containsSecret(String text) {
        return text != null && mayContainSecret(text) && SECRET.matcher(text).find();
    }

    private static boolean mayContainSecret(String text) {
        for (String marker : MARKERS) {
            if (text.contains(marker)) return true;
        }
        // "bearer" and "basic" in any case: only where a b or B starts them
        for (int i = text.indexOf('b'), j = text.indexOf('B'); i >= 0 || j >= 0; ) {
            int at = i < 0 ? j : j < 0 ? i : Math.min(i, j);
            if (text.regionMatches(true, at, "bearer", 0, 6) || text.regionMatches(true, at, "basic", 0, 5)) return true;
            if (at == i) i = text.indexOf('b', i + 1);
            else j = text.indexOf('B', j + 1);
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
