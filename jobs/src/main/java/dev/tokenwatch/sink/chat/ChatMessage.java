package dev.tokenwatch.sink.chat;

import java.util.List;

/**
 * One request to one destination, rendered when the alert was routed, so a retry or a restart sends the same bytes.
 *
 * @param id       deterministic: the alert id, or the digest's id; the receiver sees it as {@code X-Tokenwatch-Delivery}
 * @param alertIds the alerts this message tells of; once it is delivered none of them is sent to this destination again
 */
public record ChatMessage(String id, String destination, String body, List<String> alertIds) {
}
