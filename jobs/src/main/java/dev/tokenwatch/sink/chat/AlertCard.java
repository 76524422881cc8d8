package dev.tokenwatch.sink.chat;

import java.time.Instant;

/**
 * What a chat message says about one alert, taken once from the alert and rendered by each {@link ChatFormat}.
 * Values the alert does not have are null and left out of the message.
 *
 * @param network  the AS ("AS24940 Hetzner Online GmbH"), else the network prefix
 * @param link     the alert in Kibana, or null when no Kibana URL is configured
 * @param document the alert document (AlertJson), the body of a generic webhook
 */
public record AlertCard(String alertId, String severity, String ruleId, String ruleName, String reason,
                        String tokenId, String userName, String sourceIp, String country, String network, String repository,
                        Instant firstSeen, Instant lastSeen, long count, String link, String document) {
}
