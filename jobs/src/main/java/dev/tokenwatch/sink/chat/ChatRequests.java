package dev.tokenwatch.sink.chat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

/** The HTTP request that posts one message: the same for the job and for {@code notify test}. */
public final class ChatRequests {
    private ChatRequests() {}

    /**
     * @param secret a generic webhook's HMAC secret: the request is signed ({@link WebhookSignature}) at the moment it
     *               is sent, so a retry carries a fresh timestamp; null for the chat tools
     */
    public static HttpRequest post(URI url, String secret, ChatMessage message, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "tokenwatch")
                .header("X-Tokenwatch-Delivery", message.id())
                .POST(HttpRequest.BodyPublishers.ofString(message.body()));
        if (secret != null) {
            WebhookSignature.headers(secret, Instant.now().getEpochSecond(), message.body()).forEach(request::header);
        }
        return request.build();
    }
}
