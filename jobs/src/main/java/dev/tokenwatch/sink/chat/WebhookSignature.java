package dev.tokenwatch.sink.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs generic webhook requests so a receiver can tell them from forgeries: HMAC-SHA256 with the destination's
 * shared secret over {@code timestamp + "." + body}. The timestamp is signed too, so a captured request cannot be
 * replayed once it is older than the receiver's tolerance.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Tokenwatch-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Tokenwatch-Signature";
    private static final String SCHEME = "sha256=";

    private WebhookSignature() {}

    /** The two headers to send with {@code body}, at {@code epochSeconds}. */
    public static Map<String, String> headers(String secret, long epochSeconds, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP_HEADER, Long.toString(epochSeconds));
        headers.put(SIGNATURE_HEADER, SCHEME + hmacHex(secret, epochSeconds + "." + body));
        return headers;
    }

    /** What a receiver checks: a signature of this body and timestamp, and a timestamp within the tolerance of now. */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, String body,
                                 long nowEpochSeconds, long toleranceSeconds) {
        if (secret == null || secret.isEmpty() || timestampHeader == null || signatureHeader == null || body == null) return false;
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowEpochSeconds - timestamp) > toleranceSeconds) return false;
        byte[] expected = (SCHEME + hmacHex(secret, timestamp + "." + body)).getBytes(StandardCharsets.UTF_8);
        // constant time: a comparison that stops at the first wrong byte tells an attacker how much was right
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacHex(String secret, String message) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("the webhook secret is empty");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
