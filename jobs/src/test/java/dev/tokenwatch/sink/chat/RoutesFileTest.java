package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.rule.RuleProblem;
import dev.tokenwatch.rule.Severity;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesFileTest {
    private static final Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("routes.yaml"), yaml);
    }

    private static List<String> strings(List<RuleProblem> problems) {
        return problems.stream().map(RuleProblem::toString).toList();
    }

    @Test
    void theFormOfTheIssueLoads() throws Exception {
        Path secret = Files.writeString(dir.resolve("hmac"), "k3y\n");
        Path file = write("""
                kibana_url: ${KIBANA_URL}
                delivery:
                  timeout: 15s
                  max_attempts: 3
                  first_backoff: 500ms
                  max_backoff: 1m
                  concurrency: 2
                destinations:
                  - name: soc
                    type: slack
                    url: ${SOC_SLACK_URL}
                    min_severity: medium
                    rules: [tw-token-new-source]
                    tags: [credential-access]
                    repositories: ["acme/*"]
                    rate_limit: {messages: 10, per: 1m}
                  - name: siem
                    type: webhook
                    url: https://siem.example/hook
                    secret: file:%s
                    rules: [tw-revoked-token-used]
                """.formatted(secret));
        Map<String, String> env = Map.of("KIBANA_URL", "https://kibana.example", "SOC_SLACK_URL", "https://hooks.slack.example/T0/B0/x");

        RoutesFile.Result result = RoutesFile.load(file, env::get, Set.of("tw-token-new-source", "tw-revoked-token-used"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.unresolved()).isEmpty();
        Routes routes = result.routes();
        assertThat(routes.kibanaUrl()).isEqualTo("${KIBANA_URL}");
        assertThat(routes.delivery()).isEqualTo(new DeliveryPolicy(Duration.ofSeconds(15), 3, Duration.ofMillis(500), Duration.ofMinutes(1), 2));
        assertThat(routes.destinations()).containsExactly(
                new Destination("soc", DestinationType.SLACK, new SecretValue("${SOC_SLACK_URL}"), null,
                        new AlertFilter(Severity.MEDIUM, List.of("tw-token-new-source"), List.of("credential-access"), List.of("acme/*")),
                        new RateLimit(10, Duration.ofMinutes(1))),
                new Destination("siem", DestinationType.WEBHOOK, new SecretValue("https://siem.example/hook"), new SecretValue("file:" + secret),
                        new AlertFilter(Severity.LOW, List.of("tw-revoked-token-used"), List.of(), List.of()), RateLimit.defaults()));
    }

    @Test
    void whatIsLeftOutTakesItsDefaultAndNoDestinationsMeansNoChat() throws Exception {
        Routes routes = RoutesFile.load(write("destinations: []\n"), NO_ENV).routes();
        assertThat(routes).isEqualTo(new Routes(null, DeliveryPolicy.defaults(), List.of()));

        Routes one = RoutesFile.load(write("destinations:\n  - {name: a, type: discord, url: \"https://discord.example/api/webhooks/1\"}\n"), NO_ENV).routes();
        assertThat(one.destinations()).singleElement()
                .satisfies(d -> assertThat(d.filter()).isEqualTo(AlertFilter.all()))
                .satisfies(d -> assertThat(d.rateLimit()).isEqualTo(RateLimit.defaults()));
    }

    @Test
    void everyProblemIsReportedWithFileLineAndField() throws Exception {
        Path file = write("""
                kibana_url: https://kibana.example
                delivry: {timeout: 10s}
                delivery:
                  max_atempts: 3
                  first_backoff: soon
                destinations:
                  - name: soc
                    type: slak
                    url: ${SOC_SLACK_URL}
                    min_severity: hihg
                    rate_limit: {messages: 0, per: 5m}
                    rules: [tw-token-new-sorce]
                  - name: soc
                    type: slack
                    url: hooks.slack.example/services/T0
                    secret: ${SLACK_SECRET}
                    tag: [x]
                  - type: webhook
                    url: https://siem.example/hook
                  - name: lonely
                """);

        RoutesFile.Result result = RoutesFile.load(file, NO_ENV, Set.of("tw-token-new-source"));

        String f = file.toString();
        assertThat(result.routes()).isNull();
        assertThat(strings(result.problems())).containsExactlyInAnyOrder(
                f + ":2: delivry: unknown key (did you mean delivery?); expected one of [delivery, destinations, kibana_url]",
                f + ":4: delivery.max_atempts: unknown key (did you mean max_attempts?); expected one of"
                        + " [concurrency, first_backoff, max_attempts, max_backoff, timeout]",
                f + ":5: delivery.first_backoff: expected a duration like 90s, 15m, 24h or 30d, got 'soon'",
                f + ":8: destinations[0].type: 'slak' is not one of [slack, teams, mattermost, google_chat, discord, webhook] (did you mean slack?)",
                f + ":10: destinations[0].min_severity: 'hihg' is not one of [low, medium, high, critical] (did you mean high?)",
                f + ":11: destinations[0].rate_limit.messages: expected at least 1 (messages per period), got 0",
                f + ":12: destinations[0].rules[0]: no rule with id 'tw-token-new-sorce' (did you mean tw-token-new-source?)",
                f + ":13: destinations[1].name: duplicate name 'soc', also destinations[0]",
                f + ":15: destinations[1].url: not an http(s) URL",
                f + ":16: destinations[1].secret: only for type webhook: slack authenticates by its URL",
                f + ":17: destinations[1].tag: unknown key (did you mean tags?); expected one of"
                        + " [min_severity, name, rate_limit, repositories, rules, secret, tags, type, url]",
                f + ":18: destinations[2].name: required",
                f + ":18: destinations[2].secret: required for type webhook: the key that signs each request (HMAC-SHA256)",
                f + ":20: destinations[3].type: required",
                f + ":20: destinations[3].url: required");
        assertThat(strings(result.unresolved())).containsExactly(
                f + ":9: destinations[0].url: environment variable SOC_SLACK_URL is not set",
                f + ":16: destinations[1].secret: environment variable SLACK_SECRET is not set");
    }

    @Test
    void ruleIdsAreCheckedOnlyWhenTheCallerKnowsThem() throws Exception {
        Path file = write("destinations:\n  - {name: a, type: slack, url: \"https://x.example/h\", rules: [tw-nothing-like-it]}\n");
        assertThat(RoutesFile.load(file, NO_ENV).problems()).isEmpty();
        assertThat(strings(RoutesFile.load(file, NO_ENV, Set.of("tw-revoked-token-used")).problems()))
                .containsExactly(file + ":2: destinations[0].rules[0]: no rule with id 'tw-nothing-like-it'");
    }

    @Test
    void aResolvedValueThatIsNoUrlIsReportedWithoutTheValue() throws Exception {
        Path file = write("""
                kibana_url: ${KIBANA_URL}
                destinations:
                  - name: siem
                    type: webhook
                    url: ${SIEM_URL}
                    secret: file:%s
                """.formatted(dir.resolve("missing-hmac")));
        Map<String, String> env = Map.of("KIBANA_URL", "kibana.internal-s3cr3t", "SIEM_URL", "https://siem.example/hook?key=s3cr3t");

        RoutesFile.Result result = RoutesFile.load(file, env::get);

        assertThat(result.problems()).isEmpty();
        assertThat(strings(result.unresolved())).containsExactly(
                file + ":1: kibana_url: the value of ${KIBANA_URL} is not an http(s) URL",
                file + ":6: destinations[0].secret: file " + dir.resolve("missing-hmac") + " cannot be read (NoSuchFileException)");
        assertThat(result.routes().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void noSecretOrUrlShowsInToStringOrProblems() throws Exception {
        Path secret = Files.writeString(dir.resolve("hmac"), "hmac-s3cr3t\n");
        Function<String, String> env = Map.of("SIEM_PATH", "path-s3cr3t")::get;
        Path good = write("""
                destinations:
                  - name: siem
                    type: webhook
                    url: https://siem.example/${SIEM_PATH}
                    secret: file:%s
                """.formatted(secret));
        Destination siem = RoutesFile.load(good, env).routes().destinations().get(0);
        assertThat(siem.toString()).doesNotContain("s3cr3t", "siem.example");
        assertThat(siem.url().resolve(env)).isEqualTo("https://siem.example/path-s3cr3t");
        assertThat(siem.secret().resolve()).isEqualTo("hmac-s3cr3t");

        Path bad = write("destinations:\n  - {name: chat, type: mattermost, url: mattermost.example/hooks/literal-s3cr3t}\n");
        assertThat(strings(RoutesFile.load(bad, env).problems())).containsExactly(bad + ":2: destinations[0].url: not an http(s) URL");
    }

    @Test
    void theShippedRoutesLoadAgainstTheShippedRulesAndNameWhatTheEnvironmentLacks() {
        Path rules = TestRules.repoRoot().resolve("rules");
        Set<String> ids = new RuleLoader().loadDirectory(rules).rules().stream().map(r -> r.rule().id()).collect(Collectors.toSet());

        RoutesFile.Result result = RoutesFile.load(rules.resolve("routes.yaml"), NO_ENV, ids);

        assertThat(result.problems()).isEmpty();
        assertThat(result.routes().destinations()).extracting(Destination::name).containsExactly("soc", "platform", "siem");
        assertThat(result.routes().destinations()).allSatisfy(d -> assertThat(d.url().isReference()).isTrue());
        assertThat(result.unresolved()).extracting(RuleProblem::message).containsExactly(
                "environment variable KIBANA_URL is not set",
                "environment variable SOC_SLACK_URL is not set",
                "environment variable PLATFORM_TEAMS_URL is not set",
                "environment variable SIEM_WEBHOOK_URL is not set",
                "file /run/secrets/tokenwatch-hmac cannot be read (NoSuchFileException)");
    }

    @Test
    void aFileThatIsMissingOrNotAMappingIsOneProblem() throws Exception {
        assertThat(strings(RoutesFile.load(dir.resolve("nope.yaml"), NO_ENV).problems()))
                .containsExactly(dir.resolve("nope.yaml") + ":1: routes file not found");
        Path list = write("- soc\n");
        assertThat(strings(RoutesFile.load(list, NO_ENV).problems()))
                .containsExactly(list + ":1: expected a YAML mapping with kibana_url, delivery and destinations");
    }

    @Test
    void aSecretValueResolvesVariablesWholeOrEmbeddedFilesAndLiterals() throws Exception {
        Function<String, String> env = Map.of("TOKEN", "t0k", "HOST", "chat.example")::get;
        assertThat(new SecretValue("${TOKEN}").resolve(env)).isEqualTo("t0k");
        assertThat(new SecretValue("https://${HOST}/hooks/${TOKEN}").resolve(env)).isEqualTo("https://chat.example/hooks/t0k");
        assertThat(new SecretValue("https://chat.example/$1").resolve(env)).isEqualTo("https://chat.example/$1");
        Path file = Files.writeString(dir.resolve("secret"), "line one\nline two\n");
        assertThat(new SecretValue("file:" + file).resolve(env)).isEqualTo("line one\nline two");

        assertThat(catchThrowable(() -> new SecretValue("https://${HOST}/hooks/${MISSING}").resolve(env)))
                .isInstanceOf(UnresolvableSecretException.class)
                .hasMessage("environment variable MISSING is not set")
                .message().doesNotContain("chat.example");
        assertThat(catchThrowable(() -> new SecretValue("file:" + dir.resolve("absent")).resolve(env)))
                .hasMessage("file " + dir.resolve("absent") + " cannot be read (NoSuchFileException)");
        assertThat(new SecretValue("https://${HOST}/hooks/${TOKEN}").source()).isEqualTo("${HOST} and ${TOKEN}");
        assertThat(new SecretValue("https://chat.example/hooks/t0k")).hasToString("SecretValue[***]");
    }
}
