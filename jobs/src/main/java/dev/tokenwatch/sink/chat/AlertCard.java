package dev.tokenwatch.sink.chat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.event.Event;
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

    /** @param kibanaBaseUrl Kibana's address ("https://kibana.example"), or null for messages without a link */
    public static AlertCard of(Alert alert, String kibanaBaseUrl) {
        Event e = alert.event == null ? new Event() : alert.event;
        return new AlertCard(alert.id, alert.severity, alert.ruleId, alert.ruleName, alert.reason,
                e.tokenId, e.userName, e.sourceIp, country(e), network(e), e.repositoryName,
                Instant.ofEpochMilli(alert.firstSeen), Instant.ofEpochMilli(alert.lastSeen), alert.count,
                KibanaLink.toAlert(kibanaBaseUrl, alert.id), AlertJson.toJson(alert));
    }

    private static String country(Event e) {
        if (e.countryName == null) return e.countryIsoCode;
        return e.countryIsoCode == null ? e.countryName : e.countryName + " (" + e.countryIsoCode + ")";
    }

    private static String network(Event e) {
        if (e.asNumber == null) return e.networkPrefix;
        return e.asOrganization == null ? "AS" + e.asNumber : "AS" + e.asNumber + " " + e.asOrganization;
    }
}
