package dev.tokenwatch.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Harbor's audit log as forwarded to syslog: the lines Go's log/syslog and Harbor's text formatter write
 * ({@code <6>TIME HOST audit[PID]: TIME [INFO] [file:line][fields]: action:..., resource:..., operation_description:...}),
 * read into the events the same entries give through the API.
 */
class HarborSyslogFormatTest {
    private static final String GO_HEADER = "<6>2026-11-20T09:12:34Z harbor-core audit[1]: ";
    private static final String MARKER = "2026-11-20T09:12:34Z [INFO] [/pkg/auditext/manager.go:81]";

    private final EventParser parser = new EventParser();

    /** A 2.13+ forwarded line: fields sorted by key, as Harbor's logger writes them. */
    private static String line(String operator, String resourceType, String time, String message) {
        return GO_HEADER + MARKER + "[operator=\"" + operator + "\" resourceType=\"" + resourceType + "\" time=\"" + time + "\"]: " + message;
    }

    private ParseOutcome parse(String text) {
        return parser.parse(RawRecord.of("harbor-audit.log", 3, text));
    }

    private Event single(String text) {
        return SingleEvent.of(parse(text));
    }

    private static String apiEntries() {
        try (InputStream in = HarborSyslogFormatTest.class.getResourceAsStream("/formats/harbor-auditlog-exts.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRobotPushIsTheEventTheApiEntryGives() {
        Event api = parser.parse(RawRecord.of("harbor-auditlog-exts.json", 1, apiEntries())).events().get(0);
        Event forwarded = single(line("robot$payments+ci", "artifact", "2026-11-20 09:12:34 +0000 UTC m=+8.012345678",
                "action:create, resource:payments/api:2.3.0, operation_description:push artifact: payments/api@sha256:4be1..."));

        assertThat(forwarded).usingRecursiveComparison().ignoringFields("id").isEqualTo(api);
        assertThat(forwarded.action).isEqualTo("image.push");
        assertThat(forwarded.outcome).isEqualTo("success");
        assertThat(forwarded.dataset).isEqualTo("harbor.audit");
        assertThat(forwarded.userName).isEqualTo("robot$payments+ci");
        assertThat(forwarded.tokenId).isEqualTo("robot$payments+ci");
        assertThat(forwarded.tokenKind).isEqualTo("robot");
        assertThat(forwarded.repositoryName).isEqualTo("payments/api");
        assertThat(forwarded.imageTag).isEqualTo("2.3.0");
        assertThat(forwarded.id).startsWith("harbor.audit:").isNotEqualTo(api.id);
    }

    @Test
    void theTimeIsTheEntrysOwnWithItsFractionAndZone() {
        Event e = single(line("jdoe", "artifact", "2026-11-20 10:12:34.123456 +0100 CET",
                "action:create, resource:payments/api:2.3.0, operation_description:push"));
        assertThat(e.timestamp).isEqualTo(Instant.parse("2026-11-20T09:12:34.123Z").toEpochMilli());
    }

    @Test
    void anAnonymousPullByDigestHasNoUser() {
        Event e = single(line("anonymous", "artifact", "2026-11-20 09:13:01.5 +0000 UTC",
                "action:pull, resource:library/nginx@sha256:77aa..., operation_description:pull artifact: library/nginx@sha256:77aa..."));
        assertThat(e.action).isEqualTo("image.pull");
        assertThat(e.userName).isNull();
        assertThat(e.tokenId).isNull();
        assertThat(e.repositoryName).isEqualTo("library/nginx");
        assertThat(e.imageDigest).isEqualTo("sha256:77aa...");
    }

    @Test
    void aLoginIsNeitherSuccessNorFailureBecauseTheForwardedLineCarriesNoResult() {
        // Harbor forwards a failed login exactly as a successful one (no operation_result on this path): calling it
        // login.success would make a password-guessing run look like a user logging in.
        Event e = single(line("jdoe", "user", "2026-11-20 09:14:22 +0000 UTC", "action:login, resource:jdoe, operation_description:login"));
        assertThat(e.action).isEqualTo("other");
        assertThat(e.originalAction).isEqualTo("login_user");
        assertThat(e.outcome).isEqualTo("unknown");
        assertThat(e.userName).isEqualTo("jdoe");
    }

    @Test
    void aMemberRemovalNamesTheMemberAndTheProjectFromTheDescription() {
        Event e = single(line("admin", "member", "2026-11-20 09:15:00 +0000 UTC",
                "action:delete, resource:pwu, operation_description:delete user member pwu from project payments"));
        assertThat(e.action).isEqualTo("member.remove");
        assertThat(e.userName).isEqualTo("admin");
        assertThat(e.targetUserName).isEqualTo("pwu");
        assertThat(e.groupName).isEqualTo("payments");
    }

    @Test
    void theLegacyLineHasNoResourceTypeAndIsReadByTheResourcesShape() {
        String legacy = GO_HEADER + MARKER + "[operator=\"jdoe\" time=\"2026-11-20 09:16:00 +0000 UTC\"]: action:push, resource:library/nginx:1.25";
        Event push = single(legacy);
        assertThat(push.action).isEqualTo("image.push");
        assertThat(push.originalAction).isEqualTo("push_artifact");
        assertThat(push.userName).isEqualTo("jdoe");
        assertThat(push.repositoryName).isEqualTo("library/nginx");
        assertThat(push.imageTag).isEqualTo("1.25");
        Event repoDeleted = single(GO_HEADER + MARKER + "[operator=\"jdoe\" time=\"2026-11-20 09:16:00 +0000 UTC\"]: action:delete, resource:library/nginx");
        assertThat(repoDeleted.action).isEqualTo("repo.delete");
    }

    @Test
    void anRfc5424HeaderGivesTheSameEventAndTheSameId() {
        String body = MARKER + "[operator=\"jdoe\" resourceType=\"artifact\" time=\"2026-11-20 09:12:34 +0000 UTC\"]: "
                + "action:pull, resource:library/nginx:1.25, operation_description:pull";
        Event go = single(GO_HEADER + body);
        Event rfc5424 = single("<6>1 2026-11-20T09:12:34Z host audit 1 - - " + body);
        Event withStructuredData = single("<14>1 2026-11-20T09:12:35.1Z relay audit 1 - [meta seq=\"7\" note=\"a\\]b\"] " + body);
        Event bsd = single("<6>Nov 20 09:12:34 harbor-core audit[1]: " + body);

        assertThat(rfc5424.action).isEqualTo("image.pull");
        assertThat(rfc5424.id).isEqualTo(go.id).isEqualTo(withStructuredData.id).isEqualTo(bsd.id);
    }

    @Test
    void aLineWithoutTheSyslogHeaderIsReadTooAndRelayedTwiceIsOneId() {
        String body = MARKER + "[operator=\"jdoe\" resourceType=\"artifact\" time=\"2026-11-20 09:12:34 +0000 UTC\"]:"
                + "action:pull, resource:library/nginx:1.25, operation_description:pull";
        Event bare = single(body);
        assertThat(bare.action).isEqualTo("image.pull");
        assertThat(bare.id).isEqualTo(single(GO_HEADER + body).id).isEqualTo(single("<6>2026-11-20T09:12:40Z relay audit[9]: " + body).id);
    }

    @Test
    void withoutATimeFieldTheFormattersTimeIsUsed() {
        Event e = single(GO_HEADER + "2026-11-20T09:12:34Z [INFO] [/pkg/audit/forward.go:40][operator=\"jdoe\"]: action:pull, resource:library/nginx:1.25");
        assertThat(e.timestamp).isEqualTo(Instant.parse("2026-11-20T09:12:34Z").toEpochMilli());
    }

    @Test
    void aHarborLineThatIsNotAnAuditEntryIsIgnored() {
        ParseOutcome outcome = parse(GO_HEADER + "2026-11-20T09:12:34Z [WARNING] [/core/main.go:312]: audit log forward endpoint reconnected");
        assertThat(outcome.ignored()).isTrue();
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.deadLetters()).isEmpty();
    }

    @Test
    void aMalformedTimeIsADeadLetterNamingTheFieldAndValue() {
        ParseOutcome outcome = parse(line("jdoe", "artifact", "yesterday at noon", "action:pull, resource:library/nginx:1.25, operation_description:pull"));
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo("harbor.audit");
            assertThat(d.reason()).startsWith("time:").contains("'yesterday at noon'");
        });
    }

    @Test
    void anAuditLineWithoutAResourceIsADeadLetterThatSaysSo() {
        ParseOutcome outcome = parse(line("jdoe", "artifact", "2026-11-20 09:12:34 +0000 UTC", "action:pull"));
        assertThat(outcome.deadLetters()).singleElement().satisfies(d -> assertThat(d.reason()).startsWith("resource:").contains("'action:pull'"));
    }

    @Test
    void aSyslogMessageThatIsNotHarborsIsADeadLetterNotMalformedJson() {
        ParseOutcome outcome = parse("<13>Nov 20 09:12:34 host sshd[42]: Accepted publickey for root");
        assertThat(outcome.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("syslog message: not a Harbor log line").contains("Accepted publickey");
            assertThat(d.line()).isEqualTo(3);
        });
    }
}
