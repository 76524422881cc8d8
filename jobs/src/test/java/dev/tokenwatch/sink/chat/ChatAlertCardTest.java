package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatAlertCardTest {
    @Test
    void aCardTakesWhatTheAnalystNeedsFromTheAlert() {
        Alert alert = ChatAlerts.repeated("high");
        AlertCard c = AlertCard.of(alert, ChatAlerts.KIBANA);
        assertThat(c.alertId()).isEqualTo(alert.id);
        assertThat(c.severity()).isEqualTo("high");
        assertThat(c.ruleId()).isEqualTo("tw-token-new-source");
        assertThat(c.ruleName()).isEqualTo("Token used from a new country or network");
        assertThat(c.reason()).isEqualTo(ChatAlerts.REASON);
        assertThat(c.tokenId()).isEqualTo("tok-auto-3a7fe274");
        assertThat(c.userName()).isEqualTo("kbauer");
        assertThat(c.sourceIp()).isEqualTo("95.216.3.77");
        assertThat(c.country()).isEqualTo("Finland (FI)");
        assertThat(c.network()).isEqualTo("AS24940 Hetzner Online GmbH");
        assertThat(c.repository()).isEqualTo("acme/payments-api");
        assertThat(c.firstSeen()).isEqualTo(Instant.parse("2026-11-20T08:14:03Z"));
        assertThat(c.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:40:00Z"));
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.document()).isEqualTo(AlertJson.toJson(alert));
    }

    @Test
    void withoutAsDataTheNetworkIsThePrefixAndACountryWithoutNameIsItsCode() {
        Alert alert = ChatAlerts.newCountry();
        alert.event.asNumber = null;
        alert.event.asOrganization = null;
        alert.event.countryName = null;
        AlertCard c = AlertCard.of(alert, null);
        assertThat(c.network()).isEqualTo("95.216.3.0/24");
        assertThat(c.country()).isEqualTo("FI");
        assertThat(c.link()).isNull();
    }

    @Test
    void anAlertWithoutEventHasNoEntityValues() {
        Alert alert = ChatAlerts.newCountry();
        alert.event = null;
        AlertCard c = AlertCard.of(alert, null);
        assertThat(c.tokenId()).isNull();
        assertThat(c.country()).isNull();
        assertThat(c.network()).isNull();
    }

    @Test
    void theLinkOpensDiscoverOnTheAlertInTheAlertsDataView() {
        Alert alert = ChatAlerts.newCountry();
        String link = AlertCard.of(alert, "https://kibana.example/s/soc//").link();
        assertThat(link).startsWith("https://kibana.example/s/soc/app/discover#/?_g=(time:(from:now-90d,to:now))&_a=(")
                .doesNotContain(" ", "\"");
        String decoded = URLDecoder.decode(link, StandardCharsets.UTF_8);
        assertThat(decoded).contains("index:tokenwatch-alerts", "query:(language:kuery,query:'alert.id:\"" + alert.id + "\"')");
    }
}
