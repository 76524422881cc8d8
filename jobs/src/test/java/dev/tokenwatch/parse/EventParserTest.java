package dev.tokenwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventJson;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.ruletest.InProcessPipeline;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventParserTest {
    private static final String T = "2026-11-20T09:12:34Z";

    private final EventParser parser = new EventParser();

    // ---------------------------------------------------------------- helpers

    private static String resource(String name) {
        try (InputStream in = EventParserTest.class.getResourceAsStream("/formats/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource formats/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Line {@code n} (1-based) of a JSON Lines resource. */
    private static String line(String name, int n) {
        return resource(name).lines().skip(n - 1).findFirst().orElseThrow();
    }

    private ParseOutcome parse(String text) {
        return parser.parse(RawRecord.of("test.jsonl", 7, text));
    }

    /** Parses text that must give exactly one event and no dead letter. */
    private Event single(String text) {
        return SingleEvent.of(parse(text));
    }

    /** Parses text that must give exactly one event, kept although it has problems, and no dead letter. */
    private Event withProblems(String text) {
        ParseOutcome outcome = parse(text);
        assertThat(outcome.deadLetters()).as("dead letters").isEmpty();
        assertThat(outcome.events()).hasSize(1);
        Event e = outcome.events().get(0);
        assertThat(e.problems).as("problems").isNotEmpty();
        return e;
    }

    /** Parses text that must give exactly one dead letter and no event. */
    private DeadLetter deadLetter(String text) {
        ParseOutcome outcome = parse(text);
        assertThat(outcome.events()).as("events").isEmpty();
        assertThat(outcome.deadLetters()).hasSize(1);
        DeadLetter dead = outcome.deadLetters().get(0);
        assertThat(dead.origin()).isEqualTo("test.jsonl");
        assertThat(dead.line()).isEqualTo(7);
        return dead;
    }

    private static String nativeEvent(String extraFields) {
        return "{\"@timestamp\":\"" + T + "\",\"event\":{\"action\":\"image.push\"}"
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    private static String distributionEnvelope(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private static String distributionEvent(String id, String timestamp, String addr, String actor) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"" + timestamp + "\",\"action\":\"push\","
                + "\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"repository\":\"acme/api\","
                + "\"digest\":\"sha256:c59686b4cd5e2101e58290c07c0ed0c8794d1d6cc10a80cdbf1f72ed0d193eb8\",\"tag\":\"1.0\"},"
                + "\"request\":{\"addr\":\"" + addr + "\",\"method\":\"PUT\",\"useragent\":\"skopeo/1.9.3\"},"
                + "\"actor\":" + actor + "}";
    }

    @Test
    void blankLineIsNeitherAnEventNorADeadLetter() {
        ParseOutcome outcome = parse(" \t ");
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.deadLetters()).isEmpty();
    }

    // ---------------------------------------------------------------- CNCF Distribution notifications

    @Nested
    class DistributionNotifications {
        private static final String FILE = "distribution-notifications.jsonl";

        @Test
        void blobPushIsKeptAsOtherWithBlobPushAsOriginalAction() {
            Event e = single(line(FILE, 1));
            assertThat(e.action).isEqualTo("other");
            assertThat(e.originalAction).isEqualTo("blob.push");
            assertThat(e.dataset).isEqualTo("distribution.notification");
            assertThat(e.id).isEqualTo("0974d187-315e-47e2-99fa-c56d2f5c3ebf");
            assertThat(e.repositoryName).isEqualTo("acme/api");
        }

        @Test
        void manifestPushIsOneImagePushWithTagAndDigest() {
            Event e = single(line(FILE, 3));
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.originalAction).as("the source's own word is kept").isEqualTo("push");
            assertThat(e.outcome).isEqualTo("success");
            assertThat(e.repositoryName).isEqualTo("acme/api");
            assertThat(e.imageTag).isEqualTo("1.0");
            assertThat(e.imageDigest).isEqualTo("sha256:c59686b4cd5e2101e58290c07c0ed0c8794d1d6cc10a80cdbf1f72ed0d193eb8");
            assertThat(e.httpMethod).isEqualTo("PUT");
            assertThat(e.userAgent).isEqualTo("skopeo/1.9.3");
        }

        @Test
        void aManifestHeadCheckIsNoPullButKeepsWhoAskedFromWhere() {
            String get = line(FILE, 4);
            assertThat(get).contains("\"method\":\"GET\"");
            Event head = single(get.replace("\"method\":\"GET\"", "\"method\":\"HEAD\"").replace("\"id\":\"", "\"id\":\"head-"));
            assertThat(head.action).as("a pull that checks first is one pull").isEqualTo("other");
            assertThat(head.originalAction).isEqualTo("pull.head");
            assertThat(head.httpMethod).isEqualTo("HEAD");
            Event pulled = single(get);
            assertThat(head.userName).isEqualTo(pulled.userName).isNotNull();
            assertThat(head.sourceIp).isEqualTo(pulled.sourceIp).isNotNull();
            assertThat(head.repositoryName).isEqualTo(pulled.repositoryName);
        }

        @Test
        void manifestPullIsImagePullAndBlobPullIsOther() {
            assertThat(single(line(FILE, 4)).action).isEqualTo("image.pull");
            Event blob = single(line(FILE, 5));
            assertThat(blob.action).isEqualTo("other");
            assertThat(blob.originalAction).isEqualTo("blob.pull");
        }

        @Test
        void aRealPushOfOneImageCountsAsExactlyOneImagePush() {
            long pushes = resource(FILE).lines().map(EventParserTest.this::parse)
                    .flatMap(o -> o.events().stream())
                    .filter(e -> e.action.equals("image.push"))
                    .count();
            assertThat(pushes).isEqualTo(1);
        }

        @Test
        void sourceIpIsTheAddressWithoutThePort() {
            assertThat(single(line(FILE, 1)).sourceIp).isEqualTo("127.0.0.1");
        }

        @Test
        void actorNameIsTheUser() {
            assertThat(single(line(FILE, 3)).userName).isEqualTo("alice");
        }

        @Test
        void anonymousActorGivesNoUser() {
            Event e = single(distributionEnvelope(distributionEvent("a1", T, "203.0.113.9:40000", "{}")));
            assertThat(e.userName).isNull();
            assertThat(EventJson.toNode(e).has("user")).isFalse();
        }

        @Test
        void timestampWithZoneOffsetIsConvertedToUtc() {
            Event e = single(distributionEnvelope(distributionEvent("a1", "2026-11-23T09:20:24+02:00", "1.2.3.4", "{}")));
            assertThat(Instant.ofEpochMilli(e.timestamp)).isEqualTo(Instant.parse("2026-11-23T07:20:24Z"));
        }

        @Test
        void nanosecondTimestampIsKeptToTheMillisecond() {
            Event e = single(line(FILE, 1)); // 2026-11-23T07:20:24.253537939Z
            assertThat(Instant.ofEpochMilli(e.timestamp)).isEqualTo(Instant.parse("2026-11-23T07:20:24.253Z"));
        }

        @Test
        void bracketedIpv6WithPortBecomesTheBareAddress() {
            Event e = single(distributionEnvelope(distributionEvent("a1", T, "[2001:db8::1]:5000", "{}")));
            assertThat(e.sourceIp).isEqualTo("2001:db8::1");
        }

        @Test
        void oneBadEventInAnEnvelopeCostsOnlyThatEventAndIsNamed() {
            ParseOutcome outcome = parse(distributionEnvelope(
                    distributionEvent("good-0", T, "1.2.3.4", "{\"name\":\"alice\"}"),
                    distributionEvent("bad-1", "yesterday", "1.2.3.4", "{\"name\":\"alice\"}"),
                    distributionEvent("good-2", T, "1.2.3.4", "{\"name\":\"alice\"}")));
            assertThat(outcome.events()).extracting(e -> e.id).containsExactly("good-0", "good-2");
            assertThat(outcome.deadLetters()).hasSize(1);
            DeadLetter dead = outcome.deadLetters().get(0);
            assertThat(dead.reason()).contains("events[1]").contains("timestamp").contains("yesterday");
            assertThat(dead.format()).isEqualTo("distribution.notification");
        }

        @Test
        void eventIdIsTheNotificationIdSoRedeliveriesDeduplicate() {
            String line = line(FILE, 3);
            assertThat(single(line).id).isEqualTo(single(line).id).isEqualTo("61467c59-5304-47d9-bf9c-a7faf7585332");
        }
    }

    // ---------------------------------------------------------------- Distribution's own log

    @Nested
    class RegistryLog {
        /** The real lines of shared/formats/distribution-registry.log: one failed login among completed requests. */
        private List<String> lines() throws IOException {
            return java.nio.file.Files.readAllLines(TestRules.repoRoot().resolveSibling("shared/formats/distribution-registry.log"));
        }

        @Test
        void aFailedLoginIsALoginFailureEventAndEveryOtherLineIsIgnoredNotDeadLettered() throws IOException {
            List<Event> events = new ArrayList<>();
            int ignored = 0;
            for (String l : lines()) {
                ParseOutcome outcome = parse(l);
                assertThat(outcome.deadLetters()).as(l).isEmpty();
                events.addAll(outcome.events());
                if (outcome.ignored()) ignored++;
            }
            assertThat(events).hasSize(1);
            assertThat(ignored).isEqualTo(lines().size() - 1);
            Event e = events.get(0);
            assertThat(e.action).isEqualTo("login.failure");
            assertThat(e.outcome).isEqualTo("failure");
            assertThat(e.userName).isEqualTo("alice");
            assertThat(e.sourceIp).isEqualTo("127.0.0.1");
            assertThat(e.userAgent).isEqualTo("skopeo/1.9.3");
            assertThat(e.repositoryName).isEqualTo("acme/api");
            assertThat(e.dataset).isEqualTo("distribution.log");
            assertThat(e.id).isEqualTo("distribution.log:ca08eff3-bf17-4938-ba1f-022ba1bfc1e0");
            assertThat(e.timestamp).isEqualTo(Instant.parse("2026-11-23T07:20:24.332642727Z").toEpochMilli());
        }

        @Test
        void aFailureLineWithABadTimeIsADeadLetterThatSaysSo() {
            ParseOutcome outcome = parse("time=\"yesterday\" level=error msg=\"error authenticating user \\\"bob\\\": authentication failure\"");
            assertThat(outcome.events()).isEmpty();
            assertThat(outcome.deadLetters()).singleElement().satisfies(d -> assertThat(d.reason()).contains("time", "yesterday"));
        }

        @Test
        void aGarbageClientAddressKeepsTheFailureWithAProblem() {
            ParseOutcome outcome = parse("time=\"2026-11-23T07:20:24Z\" level=error msg=\"error authenticating user \\\"bob\\\": authentication failure\""
                    + " http.request.remoteaddr=\"not-an-address\"");
            assertThat(outcome.events()).singleElement().satisfies(e -> {
                assertThat(e.userName).isEqualTo("bob");
                assertThat(e.sourceIp).isNull();
                assertThat(e.problems).isNotEmpty();
            });
        }
    }

    // ---------------------------------------------------------------- token server grants

    @Nested
    class TokenGrants {
        private static final String GRANT = "{\"sub\":\"alice\",\"iat\":1795680000,\"exp\":1795680300,\"jti\":\"j-1\","
                + "\"access\":[{\"type\":\"repository\",\"name\":\"acme/api\",\"actions\":[\"pull\",\"push\"]}],"
                + "\"client_ip\":\"203.0.113.7\",\"credential\":{\"kind\":\"robot\",\"id\":\"robot$ci\"}}";

        @Test
        void aGrantIsATokenGrantedEventForTheCredentialWithItsLifetimeAndScopes() {
            Event e = single(GRANT);
            assertThat(e.action).isEqualTo("token.granted");
            assertThat(e.id).isEqualTo("tokenserver.grant:j-1");
            assertThat(e.userName).isEqualTo("alice");
            assertThat(e.tokenId).isEqualTo("robot$ci");
            assertThat(e.tokenKind).isEqualTo("robot");
            assertThat(e.tokenScopes).containsExactly("repository:acme/api:pull,push");
            assertThat(e.sourceIp).isEqualTo("203.0.113.7");
            assertThat(e.timestamp).isEqualTo(1795680000_000L);
            assertThat(e.tokenExpiresAt).isEqualTo(1795680300_000L);
        }

        @Test
        void aGrantThatEndsBeforeItBeginsIsADeadLetter() {
            ParseOutcome outcome = parse(GRANT.replace("\"exp\":1795680300", "\"exp\":1795670000"));
            assertThat(outcome.events()).isEmpty();
            assertThat(outcome.deadLetters()).singleElement().satisfies(d -> assertThat(d.reason()).contains("exp", "before iat"));
        }
    }

    // ---------------------------------------------------------------- Docker Hub audit log

    @Nested
    class DockerHubAudit {
        private List<Event> events() {
            ParseOutcome outcome = parser.parse(RawRecord.of("dockerhub-auditlogs.json", 1, resource("dockerhub-auditlogs.json")));
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.events()).hasSize(3);
            assertThat(outcome.events()).allSatisfy(e -> {
                assertThat(e.dataset).isEqualTo("dockerhub.audit");
                assertThat(e.organizationName).isEqualTo("acme");
                assertThat(e.sourceIp).isNull();
            });
            return outcome.events();
        }

        @Test
        void tagPushIsImagePushWithTagAndDigest() {
            Event e = events().get(0);
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.userName).isEqualTo("jdoe");
            assertThat(e.repositoryName).isEqualTo("acme/payments-api");
            assertThat(e.imageTag).isEqualTo("2.3.0");
            assertThat(e.imageDigest).startsWith("sha256:9c2e2a0f");
            assertThat(Instant.ofEpochMilli(e.timestamp)).isEqualTo(Instant.parse("2026-11-20T09:12:35Z"));
        }

        @Test
        void changePrivacyIsVisibilityChangeToPublic() {
            Event e = events().get(1);
            assertThat(e.action).isEqualTo("repo.visibility.change");
            assertThat(e.repositoryName).isEqualTo("acme/billing");
            assertThat(e.repositoryVisibility).isEqualTo("public");
            assertThat(e.userName).isEqualTo("mlee");
        }

        @Test
        void teamMemberRemoveIsMemberRemoveWithTheTargetUser() {
            Event e = events().get(2);
            assertThat(e.action).isEqualTo("member.remove");
            assertThat(e.userName).isEqualTo("admin1");
            assertThat(e.targetUserName).isEqualTo("rgomez");
            assertThat(e.groupName).as("the team is the group").isEqualTo("ops");
        }

        @Test
        void organizationMemberRemoveNamesTheMemberAndNoGroup() {
            Event e = single("{\"account\":\"acme\",\"action\":\"org.member.remove\",\"name\":\"acme\",\"actor\":\"admin1\","
                    + "\"data\":{\"member\":\"rgomez\"},\"timestamp\":\"" + T + "\"}");
            assertThat(e.action).isEqualTo("member.remove");
            assertThat(e.targetUserName).isEqualTo("rgomez");
            assertThat(e.organizationName).isEqualTo("acme");
            assertThat(e.groupName).isNull();
        }

        @Test
        void derivedEventIdsAreTheSameOnEveryParseAndDistinctPerEntry() {
            List<String> first = events().stream().map(e -> e.id).toList();
            List<String> second = events().stream().map(e -> e.id).toList();
            assertThat(first).isEqualTo(second).doesNotHaveDuplicates().allMatch(id -> id.startsWith("dockerhub.audit:"));
        }

        @Test
        void unknownActionIsOtherWithTheOriginalKept() {
            Event e = single("{\"account\":\"acme\",\"action\":\"org.settings.change\",\"actor\":\"jdoe\",\"timestamp\":\"" + T + "\"}");
            assertThat(e.action).isEqualTo("other");
            assertThat(e.originalAction).isEqualTo("org.settings.change");
        }

        @Test
        void accessTokenSnapshotGivesEachTokenAsFirstSeen() {
            // The token-by-token cases are in AccessTokenSnapshotsTest; here: the page is recognized among the formats.
            ParseOutcome outcome = parser.parse(RawRecord.of("dockerhub-access-tokens.json", 1, resource("dockerhub-access-tokens.json")));
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.events()).extracting(e -> e.action)
                    .containsExactly("token.created", "token.created", "token.used");
            assertThat(outcome.events()).allSatisfy(e -> assertThat(e.dataset).isEqualTo("dockerhub.access_tokens"));
        }
    }

    // ---------------------------------------------------------------- Harbor audit log

    @Nested
    class HarborAudit {
        private List<Event> events() {
            ParseOutcome outcome = parser.parse(RawRecord.of("harbor-auditlog-exts.json", 1, resource("harbor-auditlog-exts.json")));
            assertThat(outcome.deadLetters()).isEmpty();
            assertThat(outcome.events()).hasSize(3).allSatisfy(e -> assertThat(e.dataset).isEqualTo("harbor.audit"));
            return outcome.events();
        }

        @Test
        void createArtifactIsImagePushWithRepoAndTagSplit() {
            Event e = events().get(0);
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.repositoryName).isEqualTo("payments/api");
            assertThat(e.imageTag).isEqualTo("2.3.0");
            assertThat(e.id).isEqualTo("harbor:88213");
        }

        @Test
        void deletedUserLeavesTheRegistryAndProjectMemberRemovalNamesTheProject() {
            Event user = single("{\"id\":7,\"username\":\"admin\",\"resource\":\"pwu\",\"resource_type\":\"user\","
                    + "\"operation\":\"delete\",\"op_time\":\"" + T + "\"}");
            assertThat(user.action).isEqualTo("member.remove");
            assertThat(user.targetUserName).isEqualTo("pwu");
            assertThat(user.groupName).isNull();
            Event member = single("{\"id\":8,\"username\":\"admin\",\"resource\":\"payments:pwu\",\"resource_type\":\"member\","
                    + "\"operation\":\"delete\",\"op_time\":\"" + T + "\"}");
            assertThat(member.action).isEqualTo("member.remove");
            assertThat(member.targetUserName).isEqualTo("pwu");
            assertThat(member.groupName).isEqualTo("payments");
        }

        @Test
        void robotAccountIsATokenOfKindRobot() {
            Event e = events().get(0);
            assertThat(e.tokenId).isEqualTo("robot$payments+ci");
            assertThat(e.tokenKind).isEqualTo("robot");
            assertThat(e.userName).isEqualTo("robot$payments+ci");
        }

        @Test
        void anonymousPullHasNoUserAndKeepsTheDigest() {
            Event e = events().get(1);
            assertThat(e.action).isEqualTo("image.pull");
            assertThat(e.userName).isNull();
            assertThat(e.tokenId).isNull();
            assertThat(e.repositoryName).isEqualTo("library/nginx");
            assertThat(e.imageDigest).isEqualTo("sha256:77aa...");
        }

        @Test
        void failedLoginIsLoginFailureWithOutcomeFailure() {
            Event e = events().get(2);
            assertThat(e.action).isEqualTo("login.failure");
            assertThat(e.outcome).isEqualTo("failure");
            assertThat(e.userName).isEqualTo("jdoe");
        }

        @Test
        void eventIdsAreTheSameOnEveryParse() {
            assertThat(events()).extracting(e -> e.id).isEqualTo(events().stream().map(e -> e.id).toList());
        }
    }

    // ---------------------------------------------------------------- native format

    @Nested
    class NativeFormatInput {
        @Test
        void theEntityIsTheTokenElseTheUserAndNeverTakenFromTheInput() {
            Event token = single(nativeEvent("\"user\":{\"name\":\"alice\"},\"token\":{\"id\":\"tok-1\"},\"entity\":{\"id\":\"forged\"}"));
            assertThat(token.entityType).isEqualTo("token");
            assertThat(token.entityId).isEqualTo("tok-1");
            Event user = single(nativeEvent("\"user\":{\"name\":\"alice\"}"));
            assertThat(user.entityType).isEqualTo("user");
            assertThat(user.entityId).isEqualTo("alice");
            assertThat(single(nativeEvent("\"source\":{\"ip\":\"203.0.113.5\"}")).entityId).isNull();
        }

        @Test
        void nestedEcsJsonIsReadAsIs() {
            Event e = single(nativeEvent("\"user\":{\"name\":\"alice\"},\"source\":{\"ip\":\"203.0.113.5\"},"
                    + "\"token\":{\"id\":\"tok-1\",\"kind\":\"personal\",\"scopes\":[\"repo:read\",\"repo:write\"]}"));
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.outcome).isEqualTo("success");
            assertThat(e.dataset).isEqualTo("tokenwatch.native");
            assertThat(e.userName).isEqualTo("alice");
            assertThat(e.sourceIp).isEqualTo("203.0.113.5");
            assertThat(e.tokenId).isEqualTo("tok-1");
            assertThat(e.tokenScopes).containsExactly("repo:read", "repo:write");
            assertThat(Instant.ofEpochMilli(e.timestamp)).isEqualTo(Instant.parse(T));
        }

        /** What the job indexes is an enriched event in this format; tokens show and triage read it back with --es-url. */
        @Test
        void anEnrichedEventAsTheJobWritesItReadsBackWhole() {
            Event e = single(nativeEvent("\"token\":{\"id\":\"tok-1\"},\"source\":{\"ip\":\"203.0.113.5\"}"));
            e.countryIsoCode = "DE";
            e.latitude = 52.5;
            e.longitude = 13.4;
            e.accuracyRadiusKm = 20L;
            e.asNumber = 3320L;
            e.asOrganization = "Deutsche Telekom AG";
            e.networkPrefix = "203.0.113.0/24";
            e.networkSharedBy = 4L;
            e.networkFamiliar = true;
            Event back = single(EventJson.toJson(e));
            assertThat(EventJson.toNode(back)).isEqualTo(EventJson.toNode(e));
            assertThat(back.networkFamiliar).isTrue();
        }

        @Test
        void dottedKeysAreReadLikeNestedObjects() {
            Event e = single("{\"@timestamp\":\"" + T + "\",\"event.action\":\"image.pull\",\"event.outcome\":\"failure\","
                    + "\"user.name\":\"bob\",\"repository.name\":\"acme/api\",\"image.tag\":\"1.0\"}");
            assertThat(e.action).isEqualTo("image.pull");
            assertThat(e.outcome).isEqualTo("failure");
            assertThat(e.userName).isEqualTo("bob");
            assertThat(e.repositoryName).isEqualTo("acme/api");
            assertThat(e.imageTag).isEqualTo("1.0");
        }

        @Test
        void unknownActionIsOtherWithTheOriginalKept() {
            Event e = single("{\"@timestamp\":\"" + T + "\",\"event\":{\"action\":\"registry.gc\"}}");
            assertThat(e.action).isEqualTo("other");
            assertThat(e.originalAction).isEqualTo("registry.gc");
        }

        @Test
        void sourceIpWithPortIsStoredWithoutIt() {
            assertThat(single(nativeEvent("\"source\":{\"ip\":\"203.0.113.5:443\"}")).sourceIp).isEqualTo("203.0.113.5");
        }

        @Test
        void eventWithoutIdGetsTheSameDerivedIdOnEveryParse() {
            String line = nativeEvent("\"user\":{\"name\":\"alice\"}");
            String id = single(line).id;
            assertThat(id).startsWith("tokenwatch.native:").isEqualTo(single(line).id);
            assertThat(single(nativeEvent("\"user\":{\"name\":\"bob\"}")).id).isNotEqualTo(id);
        }

        @Test
        void givenEventIdIsKept() {
            assertThat(single("{\"@timestamp\":\"" + T + "\",\"event\":{\"action\":\"image.push\",\"id\":\"evt-42\"}}").id)
                    .isEqualTo("evt-42");
        }
    }

    // ---------------------------------------------------------------- bad input: one dead letter each

    @Nested
    class BadInput {
        @Test
        void truncatedJson() {
            DeadLetter d = deadLetter("{\"@timestamp\":\"" + T + "\",\"event\":{\"action\":\"image.pu");
            assertThat(d.reason()).startsWith("malformed JSON").contains("column");
            assertThat(d.format()).isEqualTo("unknown");
            assertThat(d.raw()).contains("image.pu");
        }

        @Test
        void notJson() {
            assertThat(deadLetter("hello world").reason()).startsWith("malformed JSON").contains("hello");
        }

        @Test
        void jsonNumberAtTopLevel() {
            assertThat(deadLetter("42").reason()).contains("expected a JSON object, got number");
        }

        @Test
        void jsonStringAtTopLevel() {
            assertThat(deadLetter("\"image.push\"").reason()).contains("expected a JSON object, got string");
        }

        @Test
        void twoEventsGluedOnOneLineAreNotSilentlyCutToOne() {
            String glued = nativeEvent("\"user\":{\"name\":\"alice\"}") + nativeEvent("\"user\":{\"name\":\"bob\"}");
            ParseOutcome outcome = parse(glued);
            assertThat(outcome.deadLetters()).as("bob's event must not vanish without a dead letter").hasSize(1);
            assertThat(outcome.events()).isEmpty();
        }

        @Test
        void eventActionOfTheWrongType() {
            String reason = deadLetter("{\"@timestamp\":\"" + T + "\",\"event\":{\"action\":42}}").reason();
            assertThat(reason).contains("event.action").contains("expected a string").contains("42");
        }

        @Test
        void missingEventAction() {
            String reason = deadLetter("{\"@timestamp\":\"" + T + "\",\"event\":{\"outcome\":\"success\"}}").reason();
            assertThat(reason).contains("event.action").contains("missing");
        }

        @Test
        void missingTimestamp() {
            String reason = deadLetter("{\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"alice\"}}").reason();
            assertThat(reason).contains("@timestamp");
        }

        @Test
        void nullTimestampIsMissingNotJanuary1970() {
            String reason = deadLetter("{\"@timestamp\":null,\"event\":{\"action\":\"image.push\"}}").reason();
            assertThat(reason).contains("@timestamp").contains("missing");
        }

        @Test
        void timestampWithoutZone() {
            String reason = deadLetter("{\"@timestamp\":\"2026-11-20T09:12:34\",\"event\":{\"action\":\"image.push\"}}").reason();
            assertThat(reason).contains("@timestamp").contains("2026-11-20T09:12:34");
        }

        @Test
        void timestampIn1970IsOutOfRange() {
            String reason = deadLetter("{\"@timestamp\":\"1970-01-01T00:00:00Z\",\"event\":{\"action\":\"image.push\"}}").reason();
            assertThat(reason).contains("@timestamp").contains("1970-01-01T00:00:00Z").contains("outside");
        }

        @Test
        void timestampInYear9999IsOutOfRange() {
            String reason = deadLetter("{\"@timestamp\":\"9999-12-31T23:59:59Z\",\"event\":{\"action\":\"image.push\"}}").reason();
            assertThat(reason).contains("@timestamp").contains("9999-12-31T23:59:59Z").contains("outside");
        }

        @Test
        void deepNesting() {
            DeadLetter d = deadLetter("[".repeat(10_000));
            assertThat(d.reason()).contains("nesting depth");
            assertThat(d.raw()).hasSize(DeadLetter.MAX_RAW_CHARS);
            assertThat(d.rawTruncated()).isTrue();
        }

        @Test
        void stringOf300KiloBytes() {
            DeadLetter d = deadLetter(nativeEvent("\"user_agent\":{\"original\":\"" + "x".repeat(300 * 1024) + "\"}"));
            assertThat(d.reason()).contains("String value length").contains(String.valueOf(256 * 1024));
            assertThat(d.rawTruncated()).isTrue();
        }

        @Test
        void unrecognizedObject() {
            assertThat(deadLetter("{\"hello\":\"world\"}").reason()).contains("unrecognized format");
        }

        @Test
        void problemFromTheSourceIsDeadLetteredWithoutParsing() {
            ParseOutcome outcome = parser.parse(new RawRecord("x.jsonl", 3, "{\"partial", "invalid UTF-8"));
            assertThat(outcome.events()).isEmpty();
            assertThat(outcome.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo("invalid UTF-8");
                assertThat(d.line()).isEqualTo(3);
            });
        }
    }

    // ---------------------------------------------------------------- a bad field costs the field, not the event

    @Nested
    class BadFieldKeepsTheEvent {
        @Test
        void nativeSourceIpThatIsNotAnAddressIsKeptAsSourceAddressWithAProblem() {
            Event e = withProblems(nativeEvent("\"token\":{\"id\":\"tok-1\"},\"source\":{\"ip\":\"unknown\"}"));
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.tokenId).isEqualTo("tok-1");
            assertThat(e.sourceIp).isNull();
            assertThat(e.sourceAddress).isEqualTo("unknown");
            assertThat(e.problems).containsExactly("source.ip: not an IP address: 'unknown'");
            var json = EventJson.toNode(e);
            assertThat(json.path("source").path("address").asText()).isEqualTo("unknown");
            assertThat(json.path("source").has("ip")).isFalse();
            assertThat(json.path("tokenwatch").path("problems").get(0).asText()).isEqualTo("source.ip: not an IP address: 'unknown'");
        }

        @Test
        void sourceIpWithAnOctetOver255() {
            Event e = withProblems(nativeEvent("\"source\":{\"ip\":\"999.1.1.1\"}"));
            assertThat(e.sourceIp).isNull();
            assertThat(e.sourceAddress).isEqualTo("999.1.1.1");
            assertThat(e.problems).singleElement().asString().contains("source.ip").contains("999.1.1.1");
        }

        @Test
        void sourceIpHostnameIsRejectedNotResolved() {
            Event e = withProblems(nativeEvent("\"source\":{\"ip\":\"example.com\"}"));
            assertThat(e.sourceIp).isNull();
            assertThat(e.problems).singleElement().asString().contains("source.ip").contains("example.com");
            // "localhost" resolves everywhere: if the parser looked names up, it would be accepted as 127.0.0.1
            Event local = withProblems(nativeEvent("\"source\":{\"ip\":\"localhost\"}"));
            assertThat(local.sourceIp).isNull();
            assertThat(local.sourceAddress).isEqualTo("localhost");
        }

        @Test
        void portThatIsNotAPortMakesTheAddressText() {
            Event e = withProblems(nativeEvent("\"source\":{\"ip\":\"203.0.113.7:123456\"}"));
            assertThat(e.sourceIp).isNull();
            assertThat(e.sourceAddress).isEqualTo("203.0.113.7:123456");
        }

        @Test
        void sourceIpOfTheWrongTypeIsKeptAsItsJsonText() {
            Event e = withProblems(nativeEvent("\"source\":{\"ip\":42}"));
            assertThat(e.sourceIp).isNull();
            assertThat(e.sourceAddress).isEqualTo("42");
            assertThat(e.problems).containsExactly("source.ip: not an IP address: '42'");
        }

        @Test
        void longGarbageAddressIsCutInSourceAddress() {
            Event e = withProblems(nativeEvent("\"source\":{\"ip\":\"" + "a".repeat(5000) + "\"}"));
            assertThat(e.sourceAddress).hasSize(JsonFields.MAX_ADDRESS_CHARS);
            assertThat(e.problems).singleElement().asString().hasSizeLessThan(200);
        }

        @Test
        void distributionRequestAddrThatIsNotAnAddress() {
            Event e = withProblems(distributionEnvelope(distributionEvent("a1", T, "not-an-ip:443", "{\"name\":\"alice\"}")));
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.id).isEqualTo("a1");
            assertThat(e.userName).isEqualTo("alice");
            assertThat(e.sourceIp).isNull();
            assertThat(e.sourceAddress).isEqualTo("not-an-ip:443");
            assertThat(e.problems).containsExactly("request.addr: not an IP address: 'not-an-ip:443'");
        }

        @Test
        void distributionForwardedListStartingWithGarbageKeepsTheFirstEntry() {
            Event e = withProblems(distributionEnvelope(distributionEvent("a1", T, "unknown, 10.0.0.1", "{}")));
            assertThat(e.sourceIp).isNull();
            assertThat(e.sourceAddress).isEqualTo("unknown");
        }

        @Test
        void distributionEventWithoutIdGetsADerivedOne() {
            String event = distributionEvent("x", T, "1.2.3.4", "{}").replace("\"id\":\"x\",", "");
            Event e = withProblems(distributionEnvelope(event));
            assertThat(e.id).startsWith("distribution.notification:");
            assertThat(e.problems).containsExactly("id: missing");
        }

        @Test
        void fieldLongerThanAFieldMayBe() {
            Event e = withProblems(nativeEvent("\"user\":{\"name\":\"" + "x".repeat(10_000) + "\"},\"repository\":{\"name\":\"acme/api\"}"));
            assertThat(e.userName).isNull();
            assertThat(e.repositoryName).isEqualTo("acme/api");
            assertThat(e.problems).singleElement().asString().contains("user.name").contains("10000 characters")
                    .contains("'" + "x".repeat(80) + "…'");
        }

        @Test
        void tokenScopesThatIsNotAnArray() {
            Event e = withProblems(nativeEvent("\"token\":{\"id\":\"tok-1\",\"scopes\":\"repo:read\"}"));
            assertThat(e.tokenScopes).isNull();
            assertThat(e.tokenId).isEqualTo("tok-1");
            assertThat(e.problems).singleElement().asString().contains("token.scopes").contains("expected an array").contains("repo:read");
        }

        @Test
        void numberOfTheWrongTypeIsDropped() {
            Event e = withProblems(nativeEvent("\"source\":{\"as\":{\"number\":\"AS13335\"}}"));
            assertThat(e.asNumber).isNull();
            assertThat(e.problems).singleElement().asString().contains("source.as.number").contains("AS13335");
        }

        @Test
        void eventOutcomeOutsideTheVocabularyIsUnknown() {
            Event e = withProblems("{\"@timestamp\":\"" + T + "\",\"event\":{\"action\":\"image.push\",\"outcome\":\"ok\"}}");
            assertThat(e.outcome).isEqualTo("unknown");
            assertThat(e.problems).singleElement().asString().contains("event.outcome").contains("'ok'");
        }

        @Test
        void everyBadFieldIsNamed() {
            Event e = withProblems(nativeEvent("\"user\":{\"name\":7},\"image\":{\"tag\":true},\"source\":{\"ip\":\"-\"}"));
            assertThat(e.problems).hasSize(3).anyMatch(p -> p.startsWith("user.name:"))
                    .anyMatch(p -> p.startsWith("image.tag:")).anyMatch(p -> p.startsWith("source.ip:"));
        }

        @Test
        void harborResultThatIsNotABooleanIsUnknownAndNotCalledAFailedLogin() {
            Event e = withProblems("{\"id\":1,\"username\":\"jdoe\",\"resource\":\"jdoe\",\"resource_type\":\"user\","
                    + "\"operation\":\"login\",\"operation_result\":\"false\",\"op_time\":\"" + T + "\"}");
            assertThat(e.outcome).isEqualTo("unknown");
            assertThat(e.action).isEqualTo("other");
            assertThat(e.originalAction).isEqualTo("login_user");
            assertThat(e.userName).isEqualTo("jdoe");
            assertThat(e.problems).singleElement().asString().contains("operation_result").contains("false");
        }

        @Test
        void harborUserOfTheWrongType() {
            Event e = withProblems("{\"id\":2,\"username\":[\"robot$x\"],\"resource\":\"payments/api:1.0\",\"resource_type\":\"artifact\","
                    + "\"operation\":\"create\",\"op_time\":\"" + T + "\"}");
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.userName).isNull();
            assertThat(e.repositoryName).isEqualTo("payments/api");
            assertThat(e.problems).singleElement().asString().startsWith("username:");
        }

        @Test
        void dockerHubDataThatIsNotAnObject() {
            Event e = withProblems("{\"account\":\"acme\",\"action\":\"repo.tag.push\",\"name\":\"acme/api\","
                    + "\"data\":\"tag=1.0\",\"timestamp\":\"" + T + "\"}");
            assertThat(e.action).isEqualTo("image.push");
            assertThat(e.repositoryName).isEqualTo("acme/api");
            assertThat(e.imageTag).isNull();
            assertThat(e.problems).singleElement().asString().contains("data").contains("tag=1.0");
        }

        @Test
        void aNativeEventsOwnProblemsAreKeptAndOursAppended() {
            Event e = withProblems(nativeEvent("\"tokenwatch\":{\"problems\":[\"upstream: clock skew\"]},\"source\":{\"ip\":\"?\"}"));
            assertThat(e.problems).containsExactly("upstream: clock skew", "source.ip: not an IP address: '?'");
            assertThat(single(nativeEvent("\"tokenwatch\":{\"problems\":[]}")).problems).as("an empty list is no problem").isNull();
        }

        @Test
        void problemsAreCapped() {
            String many = "\"" + String.join("\",\"", Collections.nCopies(100, "p")) + "\"";
            Event e = withProblems(nativeEvent("\"tokenwatch\":{\"problems\":[" + many + "]},\"source\":{\"ip\":\"?\"}"));
            assertThat(e.problems).hasSize(Problems.MAX_PROBLEMS);
            assertThat(e.problems[Problems.MAX_PROBLEMS - 1]).isEqualTo("tokenwatch.problems: 70 more problems not kept");
        }

        @Test
        void ruleConditionsCanTestTheProblemsList() {
            List<Rule> rules = TestRules.load("""
                    id: test-problems
                    name: Events with a bad address
                    description: test
                    severity: low
                    risk_score: 10
                    threat: {tactic: {id: TA0005, name: Defense Evasion}, technique: {id: T1562.006, name: Indicator Blocking}}
                    type: match
                    condition: "tokenwatch.problems is not null and 'upstream: clock skew' in (tokenwatch.problems)"
                    group_by: [user.name]
                    tests:
                      - {name: none, events: [{"@timestamp": "2026-11-16T08:00:00Z", "event": {"action": "image.pull"}}], expect: []}
                    """);
            List<Event> events = List.of(
                    withProblems(nativeEvent("\"user\":{\"name\":\"a\"},\"tokenwatch\":{\"problems\":[\"upstream: clock skew\"]},\"source\":{\"ip\":\"?\"}")),
                    withProblems(nativeEvent("\"user\":{\"name\":\"b\"},\"source\":{\"ip\":\"?\"}")),
                    single(nativeEvent("\"user\":{\"name\":\"c\"}")));
            List<Alert> alerts = InProcessPipeline.latestVersions(new InProcessPipeline(rules, e -> { }).run(events));
            assertThat(alerts).extracting(a -> a.event.userName).containsExactly("a");
        }

        @Test
        void aRevokedTokenUsedFromAGarbageAddressStillAlerts() {
            // The user-visible promise: the shipped rules, the real parser, the in-process detection stages.
            RuleLoader.Result rules = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
            assertThat(rules.problems()).isEmpty();
            List<Event> events = List.of(
                    single("{\"@timestamp\":\"2026-11-17T08:00:00Z\",\"event\":{\"action\":\"token.revoked\"},\"token\":{\"id\":\"tok-gone\"},\"user\":{\"name\":\"ops\"}}"),
                    withProblems("{\"@timestamp\":\"2026-11-18T08:00:00Z\",\"event\":{\"action\":\"image.pull\"},\"token\":{\"id\":\"tok-gone\"},"
                            + "\"user\":{\"name\":\"ops\"},\"repository\":{\"name\":\"acme/api\"},\"source\":{\"ip\":\"unknown\"}}"),
                    withProblems(distributionEnvelope(distributionEvent("d1", "2026-11-18T08:05:00Z", "not-an-ip:443", "{\"name\":\"ops\"}"))));
            List<Alert> alerts = InProcessPipeline.latestVersions(new InProcessPipeline(new ArrayList<>(rules.enabledRules()), e -> { }).run(events));
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.ruleId).isEqualTo("tw-revoked-token-used");
                assertThat(a.event.tokenId).isEqualTo("tok-gone");
                assertThat(a.event.sourceAddress).isEqualTo("unknown");
                assertThat(AlertJson.toJson(a)).contains("\"problems\":[\"source.ip: not an IP address: 'unknown'\"]");
            });
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.ruleId).isEqualTo("tw-token-used-with-spoofed-address");
                assertThat(a.event.tokenId).isEqualTo("tok-gone");
            });
        }
    }

    // ---------------------------------------------------------------- secrets

    @Nested
    class SecretsNeverLeave {
        private static final String PAT = "dckr_pat_2b3e9c0a7f1d4e5b8c6a9d0e1f2a3b4c";
        private static final String JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImp0aSI6IjEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        private static final String BEARER_VALUE = "abcDEF123456ghiJKL789";

        @Test
        void accessTokenInUserAgentIsFingerprinted() {
            Event e = single(nativeEvent("\"user_agent\":{\"original\":\"curl/8.0 " + PAT + "\"}"));
            String json = EventJson.toJson(e);
            assertThat(json).doesNotContain(PAT).doesNotContain(PAT.substring(9)).contains("redacted:sha256:");
            assertThat(e.userAgent).startsWith("curl/8.0 redacted:sha256:");
        }

        @Test
        void jwtInRepositoryNameIsFingerprinted() {
            String json = EventJson.toJson(single(nativeEvent("\"repository\":{\"name\":\"acme/" + JWT + "\"}")));
            assertThat(json).doesNotContain(JWT).doesNotContain(JWT.substring(JWT.lastIndexOf('.') + 1)).contains("redacted:sha256:");
        }

        @Test
        void bearerValueInUserNameIsFingerprinted() {
            String json = EventJson.toJson(single(nativeEvent("\"user\":{\"name\":\"Bearer " + BEARER_VALUE + "\"}")));
            assertThat(json).doesNotContain(BEARER_VALUE).contains("redacted:sha256:");
        }

        @Test
        void sameSecretGivesTheSameFingerprintSoSightingsCorrelate() {
            Event a = single(nativeEvent("\"user_agent\":{\"original\":\"" + PAT + "\"}"));
            Event b = single(nativeEvent("\"user\":{\"name\":\"x\"},\"user_agent\":{\"original\":\"" + PAT + "\"}"));
            assertThat(a.userAgent).isEqualTo(b.userAgent);
        }

        @Test
        void secretInAMalformedLineIsNotInTheDeadLetter() {
            DeadLetter d = deadLetter("{\"@timestamp\":\"" + T + "\",\"user_agent\":{\"original\":\"" + PAT + "\"},\"event\":{");
            assertThat(d.toJson()).doesNotContain(PAT).doesNotContain(PAT.substring(9)).contains("redacted:sha256:");
        }

        @Test
        void secretThatIsNotJsonAtAllIsNotInTheReason() {
            DeadLetter d = deadLetter(PAT + " " + JWT);
            assertThat(d.toJson()).doesNotContain(PAT.substring(9)).doesNotContain(JWT.substring(JWT.lastIndexOf('.') + 1));
        }

        @Test
        void secretInAnAddressIsNotInTheEventOrItsProblems() {
            Event e = withProblems(nativeEvent("\"source\":{\"ip\":\"Bearer " + BEARER_VALUE + "\"}"));
            assertThat(e.problems).singleElement().asString().contains("source.ip").contains("redacted:sha256:");
            assertThat(e.sourceAddress).startsWith("redacted:sha256:");
            assertThat(EventJson.toJson(e)).doesNotContain(BEARER_VALUE);
        }

        @Test
        void secretInAnOversizedFieldIsNotInItsProblem() {
            Event e = withProblems(nativeEvent("\"user_agent\":{\"original\":\"" + PAT + "x".repeat(9000) + "\"}"));
            assertThat(e.userAgent).isNull();
            assertThat(EventJson.toJson(e)).doesNotContain(PAT.substring(9)).contains("redacted:sha256:");
        }

        @Test
        void secretInABadEnvelopeEventIsNotInTheDeadLetter() {
            DeadLetter d = deadLetter(distributionEnvelope(distributionEvent("a1", "not-a-time", "1.2.3.4",
                    "{\"name\":\"" + JWT + "\"}")));
            assertThat(d.toJson()).doesNotContain(JWT.substring(JWT.lastIndexOf('.') + 1));
        }

        @Test
        void secretCutByTheRawTruncationLeavesNoFragment() {
            // the token straddles the 4096-character cut: only "dckr_pat_" + 4 characters are before it
            String prefix = "{\"pad\":\"" + "p".repeat(DeadLetter.MAX_RAW_CHARS - 8 - 13 - 1) + " ";
            String line = prefix + PAT + "\"";
            assertThat(line.indexOf(PAT)).isEqualTo(DeadLetter.MAX_RAW_CHARS - 13);
            DeadLetter d = deadLetter(line);
            assertThat(d.rawTruncated()).isTrue();
            assertThat(d.toJson()).doesNotContain(PAT.substring(0, 13));
        }
    }
}
