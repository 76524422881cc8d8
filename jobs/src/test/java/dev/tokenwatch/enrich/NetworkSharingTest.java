package dev.tokenwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkSharingTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private final NetworkSharing.Uses uses = NetworkSharing.inMemory();

    private static Event use(String entity, long time, String outcome) {
        Event e = new Event();
        e.entityId = entity;
        e.entityOwner = entity;
        e.timestamp = time;
        e.outcome = outcome;
        e.asNumber = 8075L;
        return e;
    }

    private long sharedBy(String entity, long time) {
        Event e = use(entity, time, "success");
        NetworkSharing.observe(e, uses);
        return e.networkSharedBy;
    }

    @Test
    void countsOtherAccountsWhoseUsesSpanADayOrMore() {
        for (int i = 0; i < 5; i++) sharedBy("ci-" + i, 0);
        for (int i = 0; i < 4; i++) sharedBy("ci-" + i, DAY);
        assertThat(sharedBy("ci-new", 2 * DAY)).as("ci-4 was seen once only").isEqualTo(4);
        assertThat(sharedBy("ci-0", 2 * DAY)).as("itself is not counted").isEqualTo(3);
    }

    @Test
    void oneAccountsManyTokensCountOnce() {
        for (int i = 0; i < 7; i++) {
            Event minted = use("tok-" + i, 0, "success");
            minted.entityOwner = "ksingh";
            NetworkSharing.observe(minted, uses);
            minted.timestamp = DAY;
            NetworkSharing.observe(minted, uses);
        }
        assertThat(sharedBy("someone", 2 * DAY)).isEqualTo(1);
    }

    @Test
    void aBurstOfNewEntitiesFromOneNetworkDoesNotMakeItShared() {
        for (int i = 0; i < 20; i++) assertThat(sharedBy("stolen-" + i, i * 3_600_000L)).isZero();
    }

    @Test
    void failuresAndEntitiesUnseenForTheWindowDoNotCount() {
        NetworkSharing.observe(use("guesser", 0, "failure"), uses);
        NetworkSharing.observe(use("guesser", DAY, "failure"), uses);
        sharedBy("old", 0);
        sharedBy("old", DAY);
        assertThat(sharedBy("probe", 2 * DAY)).isEqualTo(1);
        assertThat(sharedBy("probe", 31 * DAY)).as("old left the window").isZero();
        assertThat(NetworkSharing.expire(uses, 62 * DAY)).as("nothing left").isTrue();
    }

    @Test
    void forgetsTheLeastRecentlySeenBeyondTheCap() {
        for (int i = 0; i <= NetworkSharing.MAX_ENTITIES; i++) sharedBy("e-" + i, i);
        assertThat(uses.get("e-0")).isNull();
        assertThat(uses.get("e-1")).isNotNull();
        for (int i = 1; i <= NetworkSharing.MAX_ENTITIES; i++) sharedBy("e-" + i, DAY + i);
        assertThat(sharedBy("late", 2 * DAY)).isEqualTo(NetworkSharing.MAX_ENTITIES);
    }

    @Test
    void theNetworkIsTheAsElseThePrefixAndAForgedCountIsReplaced() {
        Event e = use("tok", 0, "success");
        e.asNumber = null;
        e.networkPrefix = NetworkPrefix.of("198.51.100.77");
        e.networkSharedBy = 999L;
        assertThat(NetworkSharing.networkOf(e)).isEqualTo("198.51.100.0/24");
        NetworkSharing.observe(e, uses);
        assertThat(e.networkSharedBy).isZero();
        assertThat(NetworkPrefix.of("2001:db8:1:2::5")).isEqualTo("2001:db8:1::/48");
        assertThat(NetworkPrefix.of("not-an-ip")).isNull();
    }
}
