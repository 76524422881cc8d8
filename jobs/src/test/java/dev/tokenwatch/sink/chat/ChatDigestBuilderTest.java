package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatDigestBuilderTest {
    private static final Instant FROM = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-20T08:05:00Z");

    @Test
    void countsPerRuleAndTopEntitiesComeMostFirst() {
        Digest d = ChatAlerts.digest();
        assertThat(d.rules()).containsExactly(new Digest.Count("tw-token-new-source", 17), new Digest.Count("tw-revoked-token-used", 4));
        assertThat(d.alerts()).isEqualTo(21);
        assertThat(d.updates()).isEqualTo(2);
        assertThat(d.topEntities()).hasSize(5)
                .startsWith(new Digest.Count("tok-ci-1", 9), new Digest.Count("tok-old-7", 4));
        assertThat(d.alertIds()).hasSize(21).contains("nw-0", "rv-3");
        assertThat(d.destination()).isEqualTo("soc");
    }

    @Test
    void theEntityIsTheTokenElseTheUserElseTheAddress() {
        DigestBuilder builder = new DigestBuilder();
        var noToken = ChatAlerts.alert("r", "a1", null);
        var noUser = ChatAlerts.alert("r", "a2", null);
        noUser.event.userName = null;
        builder.add(noToken);
        builder.add(noUser);
        assertThat(builder.build("soc", FROM, TO).topEntities())
                .containsExactlyInAnyOrder(new Digest.Count("alice", 1), new Digest.Count("203.0.113.7", 1));
    }

    @Test
    void aFloodKeepsExactCountsButBoundedIdsAndEntities() {
        DigestBuilder builder = new DigestBuilder();
        for (int i = 0; i < 5000; i++) builder.add(ChatAlerts.alert("tw-flood", "id-" + i, i % 2 == 0 ? "tok-hot" : "tok-" + i));
        Digest d = builder.build("soc", FROM, TO);
        assertThat(d.alerts()).isEqualTo(5000);
        assertThat(d.alertIds()).hasSize(DigestBuilder.MAX_ALERT_IDS);
        assertThat(d.topEntities().get(0).name()).isEqualTo("tok-hot");
        assertThat(d.topEntities().get(0).count()).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void onlyUpdatesIsNotEmptyAndNothingIs() {
        DigestBuilder builder = new DigestBuilder();
        assertThat(builder.isEmpty()).isTrue();
        builder.addUpdate(ChatAlerts.newCountry());
        assertThat(builder.isEmpty()).isFalse();
        assertThat(builder.build("soc", FROM, TO).alerts()).isZero();
    }
}
