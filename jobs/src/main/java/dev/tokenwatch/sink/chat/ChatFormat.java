package dev.tokenwatch.sink.chat;

/**
 * Renders alerts and digests as one tool's webhook request body, within that tool's documented required fields and
 * size limits: anything too long is truncated, a message is never refused for its size.
 */
public interface ChatFormat {
    /** The JSON body announcing one alert. */
    String alert(AlertCard card);

    /** The JSON body of one digest: alerts beyond the rate limit, folded. */
    String digest(Digest digest);
}
