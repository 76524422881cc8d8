package dev.tokenwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccessTokenSnapshotsTest {
    private static final String MANUAL_UUID = "b30bbf97-506c-4ecc-aa8d-9e2c5c3e4a11";
    private static final String AUTO_UUID = "6d1a0e3c-9f44-4b3a-8f61-0a2b3c4d5e6f";

    private static String resource(String name) {
        try (InputStream in = AccessTokenSnapshotsTest.class.getResourceAsStream("/formats/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource formats/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant t(String time) {
        return Instant.parse("2026-11-20T" + time + "Z");
    }

    private static AccessTokenListing token(String uuid, String generatedBy, boolean active, String createdAt, String lastUsed) {
        return new AccessTokenListing(uuid, "label of " + uuid, generatedBy, active, List.of("repo:read"), t(createdAt),
                lastUsed == null ? null : t(lastUsed), null, "198.51.100.7", "docker/27.3.1");
    }

    private static List<String> ids(List<Event> events) {
        return events.stream().map(e -> e.id).toList();
    }

    // ---------------------------------------------------------------- the shared example page

    @Nested
    class SharedExample {
        private final JsonNode page = json(resource("dockerhub-access-tokens.json"));

        @Test
        void isRecognizedAsASnapshot() {
            assertThat(AccessTokenSnapshots.isSnapshot(page)).isTrue();
            assertThat(AccessTokenSnapshots.isSnapshot(json("{\"results\":[],\"count\":0,\"next\":null}"))).isTrue();
            assertThat(AccessTokenSnapshots.isSnapshot(json("{\"results\":[]}"))).isFalse();
            assertThat(AccessTokenSnapshots.isWrapped(page)).isFalse();
        }

        @Test
        void listsEveryTokenWithEveryField() throws ParseException {
            List<AccessTokenListing> listings = AccessTokenSnapshots.listings(page);
            assertThat(listings).hasSize(2);
            assertThat(listings.get(0)).isEqualTo(new AccessTokenListing(MANUAL_UUID, "ci-push", "manual", true, List.of("repo:write"),
                    Instant.parse("2026-11-01T08:00:00Z"), Instant.parse("2026-11-20T09:12:30Z"), null, "203.0.113.24", "some user agent"));
            assertThat(listings.get(1).lastUsed()).isNull();
            assertThat(listings.get(1).tokenKind()).isEqualTo("auto");
        }

        @Test
        void firstSightIsCreationAndTheLastUse() throws ParseException {
            List<Event> events = AccessTokenSnapshots.changes("jdoe", Map.of(), AccessTokenSnapshots.listings(page), t("10:00:00"));
            assertThat(events).extracting(e -> e.action, e -> e.tokenId, e -> Instant.ofEpochMilli(e.timestamp), e -> e.tokenKind).containsExactly(
                    tuple("token.created", MANUAL_UUID, Instant.parse("2026-11-01T08:00:00Z"), "personal"),
                    tuple("token.created", AUTO_UUID, Instant.parse("2026-11-18T17:45:10Z"), "auto"),
                    tuple("token.used", MANUAL_UUID, Instant.parse("2026-11-20T09:12:30Z"), "personal"));
            assertThat(events).allSatisfy(e -> {
                assertThat(e.dataset).isEqualTo("dockerhub.access_tokens");
                assertThat(e.userName).isEqualTo("jdoe");
                assertThat(e.outcome).isEqualTo("success");
                assertThat(e.entityType).isEqualTo("token");
                assertThat(e.entityId).isEqualTo(e.tokenId);
                assertThat(e.entityOwner).isEqualTo("jdoe");
                assertThat(e.tokenExpiresAt).isNull();
                assertThat(e.problems).isNull();
            });
            Event created = events.get(0);
            assertThat(created.id).isEqualTo("dockerhub.access_tokens:" + MANUAL_UUID + ":created");
            assertThat(created.sourceIp).isEqualTo("203.0.113.24");
            assertThat(created.userAgent).isEqualTo("some user agent");
            assertThat(created.tokenScopes).containsExactly("repo:write");
            assertThat(events.get(1).tokenScopes).containsExactly("repo:admin");
            Event used = events.get(2);
            assertThat(used.id).isEqualTo("dockerhub.access_tokens:" + MANUAL_UUID + ":used:" + Instant.parse("2026-11-20T09:12:30Z").toEpochMilli());
            assertThat(used.sourceIp).as("the list does not say where a use came from").isNull();
            assertThat(used.userAgent).isNull();
        }

        @Test
        void listingsRoundTripThroughTheirJsonAsACursorKeepsThem() throws Exception {
            for (AccessTokenListing listing : AccessTokenSnapshots.listings(page)) {
                JsonNode stored = Json.MAPPER.readTree(listing.toJson().toString());
                assertThat(AccessTokenListing.fromJson(stored)).isEqualTo(listing);
            }
            AccessTokenListing expiring = new AccessTokenListing("u1", null, null, false, List.of(), t("08:00:00"), null,
                    Instant.parse("2027-01-01T00:00:00Z"), null, null);
            assertThat(AccessTokenListing.fromJson(Json.MAPPER.readTree(expiring.toJson().toString()))).isEqualTo(expiring);
        }
    }

    // ---------------------------------------------------------------- diffs of successive snapshots

    @Nested
    class Diffs {
        // a...: a manual token, used and then revoked; b...: an auto token that is deleted; c...: created in between
        private final List<AccessTokenListing> first = List.of(
                token("a-manual", "manual", true, "08:00:00", null),
                token("b-auto", "auto", true, "08:30:00", "09:00:00"));
        private final List<AccessTokenListing> second = List.of(
                token("a-manual", "manual", true, "08:00:00", "10:30:00"),
                token("b-auto", "auto", true, "08:30:00", "09:00:00"),
                token("c-manual", "manual", true, "10:40:00", null));
        private final List<AccessTokenListing> third = List.of(
                token("a-manual", "manual", false, "08:00:00", "10:30:00"),
                token("c-manual", "manual", true, "10:40:00", "11:30:00"));

        @Test
        void threeSnapshotsGiveCreateUseRevokeAndDelete() {
            List<Event> one = AccessTokenSnapshots.changes("jdoe", Map.of(), first, t("10:00:00"));
            assertThat(one).extracting(e -> e.action, e -> e.tokenId, e -> Instant.ofEpochMilli(e.timestamp), e -> e.tokenKind).containsExactly(
                    tuple("token.created", "a-manual", t("08:00:00"), "personal"),
                    tuple("token.created", "b-auto", t("08:30:00"), "auto"),
                    tuple("token.used", "b-auto", t("09:00:00"), "auto"));

            List<Event> two = AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(first), second, t("11:00:00"));
            assertThat(two).extracting(e -> e.action, e -> e.tokenId, e -> Instant.ofEpochMilli(e.timestamp)).containsExactly(
                    tuple("token.used", "a-manual", t("10:30:00")),
                    tuple("token.created", "c-manual", t("10:40:00")));

            List<Event> three = AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(second), third, t("12:00:00"));
            assertThat(three).extracting(e -> e.action, e -> e.tokenId, e -> Instant.ofEpochMilli(e.timestamp), e -> e.tokenKind).containsExactly(
                    tuple("token.used", "c-manual", t("11:30:00"), "personal"),
                    tuple("token.revoked", "a-manual", t("12:00:00"), "personal"),
                    tuple("token.deleted", "b-auto", t("12:00:00"), "auto"));
            assertThat(ids(three)).containsExactly(
                    "dockerhub.access_tokens:c-manual:used:" + t("11:30:00").toEpochMilli(),
                    "dockerhub.access_tokens:a-manual:revoked",
                    "dockerhub.access_tokens:b-auto:deleted");
            assertThat(three).allSatisfy(e -> assertThat(e.problems).isNull());
            assertThat(three.get(2).tokenScopes).as("a deleted token is described by its last listing").containsExactly("repo:read");
            assertThat(three.get(1).sourceIp).as("only creation has an address").isNull();
        }

        @Test
        void theSameSnapshotTwiceChangesNothing() {
            assertThat(AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(second), second, t("11:05:00"))).isEmpty();
        }

        @Test
        void aRepeatedDiffGivesTheSameIdsWhateverTheObservationTime() {
            // a poller restarted from its checkpoint diffs the same snapshots again, later
            List<Event> before = AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(second), third, t("12:00:00"));
            List<Event> again = AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(second), third, t("12:07:00"));
            assertThat(ids(again)).isEqualTo(ids(before)).doesNotHaveDuplicates();
        }

        @Test
        void aLastUseThatMovedBackIsNoUse() {
            List<AccessTokenListing> older = List.of(token("a-manual", "manual", true, "08:00:00", "09:00:00"));
            assertThat(AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(second), older, t("12:00:00")))
                    .extracting(e -> e.action, e -> e.tokenId)
                    .containsExactly(tuple("token.deleted", "b-auto"), tuple("token.deleted", "c-manual"));
        }

        @Test
        void aTokenInactiveWhenFirstSeenIsCreatedAndRevokedAtTheObservation() {
            List<Event> events = AccessTokenSnapshots.changes("jdoe", Map.of(),
                    List.of(token("d-auto", "auto", false, "08:00:00", "09:00:00")), t("10:00:00"));
            assertThat(events).extracting(e -> e.action, e -> Instant.ofEpochMilli(e.timestamp)).containsExactly(
                    tuple("token.created", t("08:00:00")), tuple("token.used", t("09:00:00")), tuple("token.revoked", t("10:00:00")));
        }

        @Test
        void aRevocationIsNeverAtOrBeforeTheLastUseItFollowed() {
            // Docker Hub's clock ahead of the poller's: the last use looks later than the observation
            List<Event> events = AccessTokenSnapshots.changes("jdoe", AccessTokenSnapshots.byUuid(first),
                    List.of(token("a-manual", "manual", false, "08:00:00", "10:00:05"), first.get(1)), t("10:00:00"));
            assertThat(events).extracting(e -> e.action, e -> Instant.ofEpochMilli(e.timestamp)).containsExactly(
                    tuple("token.used", t("10:00:05")), tuple("token.revoked", t("10:00:05").plusMillis(1)));
        }

        @Test
        void withoutAnObservationTimeTheRevocationIsDatedByTheLastActivityAndSaysSo() {
            List<Event> events = AccessTokenSnapshots.changes(null, Map.of(), List.of(token("d-auto", "auto", false, "08:00:00", "09:00:00")), null);
            Event revoked = events.get(2);
            assertThat(revoked.action).isEqualTo("token.revoked");
            assertThat(Instant.ofEpochMilli(revoked.timestamp)).isEqualTo(t("09:00:00").plusMillis(1));
            assertThat(revoked.problems).singleElement().asString().contains("@timestamp: unknown").contains(t("09:00:00").toString());
            assertThat(revoked.userName).isNull();
            assertThat(revoked.entityOwner).as("a token whose owner is not named stands for itself").isEqualTo("d-auto");
            assertThat(events.get(0).problems).isNull();
        }

        @Test
        void aCreatorAddressThatIsNoIpIsKeptAsAnAddressWithAProblem() {
            AccessTokenListing odd = new AccessTokenListing("e", null, "manual", true, List.of(), t("08:00:00"), null, null, "unknown", null);
            Event created = AccessTokenSnapshots.changes("jdoe", Map.of(), List.of(odd), t("10:00:00")).get(0);
            assertThat(created.sourceIp).isNull();
            assertThat(created.sourceAddress).isEqualTo("unknown");
            assertThat(created.problems).singleElement().asString().startsWith("creator_ip: not an IP address");
        }
    }

    // ---------------------------------------------------------------- bad elements

    @Nested
    class BadElements {
        private final String page = "{\"count\":4,\"next\":null,\"previous\":null,\"active_count\":4,\"results\":["
                + "{\"uuid\":\"u0\",\"generated_by\":\"manual\",\"is_active\":true,\"scopes\":[\"repo:read\"],\"created_at\":\"2026-11-20T08:00:00Z\"},"
                + "{\"uuid\":\"u1\",\"generated_by\":\"manual\",\"is_active\":true,\"scopes\":[\"repo:read\"],\"created_at\":\"yesterday\"},"
                + "{\"generated_by\":\"auto\",\"is_active\":true,\"scopes\":[\"repo:read\"],\"created_at\":\"2026-11-20T08:00:00Z\"},"
                + "{\"uuid\":\"u3\",\"generated_by\":\"auto\",\"is_active\":true,\"scopes\":[\"repo:read\"],\"created_at\":\"2026-11-20T09:00:00Z\"}]}";

        @Test
        void aBadElementIsADeadLetterOfItsOwnAndTheOthersStillBecomeEvents() {
            ParseOutcome outcome = new EventParser().parse(RawRecord.of("tokens.json", 1, page));
            assertThat(outcome.events()).extracting(e -> e.action, e -> e.tokenId)
                    .containsExactly(tuple("token.created", "u0"), tuple("token.created", "u3"));
            assertThat(outcome.deadLetters()).extracting(DeadLetter::format).containsOnly("dockerhub.access_tokens");
            assertThat(outcome.deadLetters()).extracting(DeadLetter::reason).containsExactly(
                    "results[1].created_at: not an RFC 3339 time with zone: 'yesterday'",
                    "results[2].uuid: missing");
        }

        @Test
        void listingsNamesTheFirstBadElementAndItsValue() {
            assertThatThrownBy(() -> AccessTokenSnapshots.listings(json(page)))
                    .isInstanceOf(ParseException.class)
                    .hasMessage("results[1].created_at: not an RFC 3339 time with zone: 'yesterday'");
        }

        @Test
        void eachFieldThatDrivesTheDiffIsChecked() {
            assertThatThrownBy(() -> AccessTokenListing.read(json("{\"uuid\":\"u\",\"created_at\":\"2026-11-20T08:00:00Z\",\"is_active\":\"yes\"}"), "results[0]"))
                    .hasMessage("results[0].is_active: expected true or false, got '\"yes\"'");
            assertThatThrownBy(() -> AccessTokenListing.read(json("{\"uuid\":\"u\",\"created_at\":\"2026-11-20T08:00:00Z\",\"is_active\":true,"
                    + "\"last_used\":\"soon\"}"), "results[0]"))
                    .hasMessage("results[0].last_used: not an RFC 3339 time with zone: 'soon'");
            assertThatThrownBy(() -> AccessTokenListing.read(json("{\"uuid\":\"u\",\"created_at\":\"2026-11-20T08:00:00Z\",\"is_active\":true,"
                    + "\"scopes\":\"repo:admin\"}"), "results[0]"))
                    .hasMessage("results[0].scopes: expected an array of strings, got '\"repo:admin\"'");
            assertThatThrownBy(() -> AccessTokenListing.read(json("42"), "results[0]"))
                    .hasMessage("results[0]: expected a JSON object, got number '42'");
        }

        @Test
        void resultsThatAreNoArrayAreOneDeadLetter() {
            ParseOutcome outcome = new EventParser().parse(RawRecord.of("tokens.json", 1, "{\"active_count\":1,\"results\":{}}"));
            assertThat(outcome.events()).isEmpty();
            assertThat(outcome.deadLetters()).singleElement().extracting(DeadLetter::reason)
                    .isEqualTo("results: expected an array, got '{}'");
        }
    }

    // ---------------------------------------------------------------- documents through the parser

    @Nested
    class Documents {
        private final String inactivePage = "{\"count\":1,\"next\":null,\"previous\":null,\"active_count\":0,\"results\":["
                + "{\"uuid\":\"u9\",\"client_id\":\"HUB\",\"creator_ip\":\"203.0.113.24\",\"creator_ua\":\"docker/27.3.1\","
                + "\"created_at\":\"2026-11-20T08:00:00Z\",\"last_used\":\"2026-11-20T09:00:00Z\",\"generated_by\":\"manual\","
                + "\"is_active\":false,\"token_label\":\"old laptop\",\"scopes\":[\"repo:admin\"],\"expires_at\":\"2027-01-01T00:00:00Z\"}]}";

        private ParseOutcome parse(String text) {
            return new EventParser().parse(RawRecord.of("tokens.json", 1, text));
        }

        @Test
        void theWrapperNamesTheAccountAndDatesTheRevocation() {
            ParseOutcome outcome = parse("{\"account\":\"jdoe\",\"observed_at\":\"2026-11-20T12:00:00Z\",\"snapshot\":" + inactivePage + "}");
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.events()).extracting(e -> e.action, e -> Instant.ofEpochMilli(e.timestamp)).containsExactly(
                    tuple("token.created", t("08:00:00")), tuple("token.used", t("09:00:00")), tuple("token.revoked", t("12:00:00")));
            assertThat(outcome.events()).allSatisfy(e -> {
                assertThat(e.userName).isEqualTo("jdoe");
                assertThat(e.tokenId).isEqualTo("u9");
                assertThat(e.tokenKind).isEqualTo("personal");
                assertThat(e.tokenScopes).containsExactly("repo:admin");
                assertThat(Instant.ofEpochMilli(e.tokenExpiresAt)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
                assertThat(e.problems).isNull();
            });
            assertThat(outcome.events().get(0).sourceIp).isEqualTo("203.0.113.24");
            assertThat(outcome.events().get(0).userAgent).isEqualTo("docker/27.3.1");
        }

        @Test
        void aBarePageHasNoAccountAndSaysTheRevocationTimeIsUnknown() {
            ParseOutcome outcome = parse(inactivePage);
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.events()).extracting(e -> e.action).containsExactly("token.created", "token.used", "token.revoked");
            assertThat(outcome.events()).allSatisfy(e -> assertThat(e.userName).isNull());
            Event revoked = outcome.events().get(2);
            assertThat(Instant.ofEpochMilli(revoked.timestamp)).isEqualTo(t("09:00:00").plusMillis(1));
            assertThat(revoked.problems).singleElement().asString().startsWith("@timestamp: unknown");
        }

        @Test
        void aBadWrapperFieldCostsThatValueNotThePage() {
            ParseOutcome outcome = parse("{\"account\":42,\"observed_at\":\"noon\",\"snapshot\":" + inactivePage + "}");
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.events()).hasSize(3).allSatisfy(e -> {
                assertThat(e.userName).isNull();
                assertThat(e.problems).contains("account: expected a string, got number '42'",
                        "observed_at: not an RFC 3339 time with zone: 'noon'");
            });
        }

        @Test
        void aWrapperWithoutAPageIsADeadLetterSayingWhatAPageIs() {
            ParseOutcome outcome = parse("{\"account\":\"jdoe\",\"snapshot\":{\"logs\":[]}}");
            assertThat(outcome.events()).isEmpty();
            assertThat(outcome.deadLetters()).singleElement().extracting(DeadLetter::reason).asString()
                    .startsWith("snapshot: not a Docker Hub access-token page");
        }

        @Test
        void aPageListingNoTokenIsDataWithoutEvents() {
            ParseOutcome outcome = parse("{\"count\":0,\"next\":null,\"previous\":null,\"active_count\":0,\"results\":[]}");
            assertThat(outcome.events()).isEmpty();
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.ignored()).isTrue();
        }
    }
}
