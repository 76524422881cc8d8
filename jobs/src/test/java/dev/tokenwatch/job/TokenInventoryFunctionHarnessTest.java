package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Actions;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.inventory.TokenRecord;
import dev.tokenwatch.inventory.TokenStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.tokenwatch.inventory.TokenUses;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class TokenInventoryFunctionHarnessTest {

    private static KeyedBroadcastOperatorTestHarness<String, Either<Event, Alert>, Event, String> harness() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new TokenInventoryFunction(),
                List.of(TokenInventoryFunction.REMOVED_OWNERS)), TokenInventoryFunction::key, Types.STRING, 1, 1, 0);
    }

    /** An event as the job routes it: removals to every subtask, a token's events to its key. */
    private static void send(KeyedBroadcastOperatorTestHarness<String, Either<Event, Alert>, Event, String> h, Event e) throws Exception {
        if (TokenUses.isOrganizationRemoval(e)) h.processBroadcastElement(e, e.timestamp);
        else h.processElement(Either.Left(e), e.timestamp);
    }

    private static void watermark(KeyedBroadcastOperatorTestHarness<String, Either<Event, Alert>, Event, String> h, String time) throws Exception {
        h.processWatermark(millis(time));
        h.processBroadcastWatermark(millis(time));
    }

    /** The newest record emitted for each token. */
    private static Map<String, TokenRecord> emitted(KeyedBroadcastOperatorTestHarness<String, Either<Event, Alert>, Event, String> h) {
        Map<String, TokenRecord> latest = new LinkedHashMap<>();
        for (String state : h.extractOutputValues()) {
            TokenRecord r = TokenRecord.fromState(state);
            latest.put(r.id(), r);
        }
        return latest;
    }

    @Test
    void eventsReadOutOfOrderAreAppliedInEventTimeOrderAndEachChangedTokenIsEmittedOncePerFlush() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, event("2026-12-01T10:00:03Z", Actions.IMAGE_PULL, "tok-a", "3.3.3.3"));
            send(h, event("2026-12-01T10:00:01Z", Actions.IMAGE_PULL, "tok-a", "1.1.1.1"));
            send(h, event("2026-12-01T10:00:02Z", Actions.TOKEN_REVOKED, "tok-a", null));
            send(h, event("2026-12-01T10:00:02Z", Actions.IMAGE_PUSH, "tok-b", "2.2.2.2"));
            assertThat(h.extractOutputValues()).as("nothing before the watermark passes the events").isEmpty();

            watermark(h, "2026-12-01T10:00:10Z");

            assertThat(h.extractOutputValues()).hasSize(2);
            TokenRecord a = emitted(h).get("tok-a");
            assertThat(a.status()).isEqualTo(TokenStatus.REVOKED);
            assertThat(a.uses()).isEqualTo(2);
            assertThat(a.usesAfterEnd()).as("the pull at :03 came after the revocation at :02, whatever the arrival order").isEqualTo(1);
            assertThat(a.lastUse().ip()).isEqualTo("3.3.3.3");
            assertThat(emitted(h).get("tok-b").pushes()).isEqualTo(1);
        }
    }

    @Test
    void anOwnersRemovalMarksTheirTokensHeldUnderOtherKeysAndTheRecordsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, event("2026-12-01T10:00:00Z", Actions.IMAGE_PULL, "tok-a", "1.1.1.1"));
            watermark(h, "2026-12-01T10:01:00Z");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            Event removal = event("2026-12-01T11:00:00Z", Actions.MEMBER_REMOVE, null, null);
            removal.userName = "admin";
            removal.targetUserName = "alice";
            send(h, removal);
            send(h, event("2026-12-01T12:00:00Z", Actions.IMAGE_PULL, "tok-a", "6.6.6.6"));
            Alert alert = new Alert();
            alert.id = "alert-1";
            alert.timestamp = millis("2026-12-01T12:00:00Z");
            alert.event = event("2026-12-01T12:00:00Z", Actions.IMAGE_PULL, "tok-a", "6.6.6.6");
            h.processElement(Either.Right(alert), alert.timestamp);
            watermark(h, "2026-12-01T13:00:00Z");

            TokenRecord a = emitted(h).get("tok-a");
            assertThat(a.status()).isEqualTo(TokenStatus.OWNER_REMOVED);
            assertThat(a.uses()).as("the use before the restore counts").isEqualTo(2);
            assertThat(a.usesAfterEnd()).isEqualTo(1);
            assertThat(a.alerts().values()).containsExactly("alert-1");
            assertThat(a.firstUse().ip()).isEqualTo("1.1.1.1");
        }
    }

    @Test
    void aRecordsStateRestoresEveryField() {
        Event created = event("2026-12-01T09:00:00Z", Actions.TOKEN_CREATED, "tok-a", "1.1.1.1");
        created.tokenKind = "personal";
        created.tokenScopes = new String[] {"repo:read", "repo:write"};
        created.countryIsoCode = "DE";
        Event push = event("2026-12-01T10:00:00Z", Actions.IMAGE_PUSH, "tok-a", "2.2.2.2");
        push.repositoryName = "acme/api";
        push.imageTag = "1.0";
        push.userAgent = "docker/27";
        TokenRecord r = TokenRecord.named("tok-a");
        for (Event e : List.of(created, push)) r.apply(e, null);
        r.alertRaised("alert-9");
        r.ownerRemoved(millis("2026-12-01T11:00:00Z"));

        assertThat(TokenRecord.fromState(r.toState())).usingRecursiveComparison().isEqualTo(r);
    }
}
