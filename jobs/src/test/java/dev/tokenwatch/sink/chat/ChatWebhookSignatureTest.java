package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatWebhookSignatureTest {
    private static final String SECRET = "s3cr3t-shared-with-the-siem";
    private static final long NOW = 1_795_680_000L;
    private final String body = new WebhookFormat().alert(ChatAlerts.card());
    private final Map<String, String> headers = WebhookSignature.headers(SECRET, NOW, body);

    @Test
    void aReceiverVerifiesWhatWasSigned() {
        assertThat(headers.get("X-Tokenwatch-Timestamp")).isEqualTo(Long.toString(NOW));
        assertThat(headers.get("X-Tokenwatch-Signature")).matches("sha256=[0-9a-f]{64}");
        assertThat(verify(body, NOW + 30)).isTrue();
    }

    @Test
    void aChangedBodyFails() {
        assertThat(verify(body.replace("high", "low"), NOW)).isFalse();
    }

    @Test
    void aStaleTimestampFails() {
        assertThat(verify(body, NOW + 301)).isFalse();
    }

    @Test
    void anotherSecretOrTimestampFails() {
        String signature = headers.get("X-Tokenwatch-Signature");
        assertThat(WebhookSignature.verify("other", Long.toString(NOW), signature, body, NOW, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW + 1), signature, body, NOW, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "yesterday", signature, body, NOW, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW), null, body, NOW, 300)).isFalse();
    }

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBody() {
        // printf '%s' "1.what do ya want for nothing?" | openssl dgst -sha256 -hmac Jefe
        assertThat(WebhookSignature.headers("Jefe", 1, "what do ya want for nothing?").get("X-Tokenwatch-Signature"))
                .isEqualTo("sha256=a9049465ce89cfb8e9aac62333abda66f80e3403f51f57f6bae3c3a4485eca38");
    }

    private boolean verify(String receivedBody, long now) {
        return WebhookSignature.verify(SECRET, headers.get("X-Tokenwatch-Timestamp"), headers.get("X-Tokenwatch-Signature"),
                receivedBody, now, 300);
    }
}
