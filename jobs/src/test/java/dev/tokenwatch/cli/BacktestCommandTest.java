package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest} as a reviewer runs it on a rule change: the shipped samples through the shipped
 * rules (the baseline) and through a changed copy of them (the candidate).
 */
class BacktestCommandTest {
    /** A new rule in the candidate: mallory's push of acme/billing (planted attack D) is its only hit in the samples. */
    private static final String NEW_RULE = """
            id: tw-test-billing-push-by-mallory
            name: Push of acme/billing by mallory
            description: A rule that exists only in the candidate set.
            severity: low
            risk_score: 10
            threat: {tactic: {id: TA0003, name: Persistence}, technique: {id: T1525, name: Implant Internal Image}}
            type: match
            condition: "event.action = 'image.push' and repository.name = 'acme/billing' and user.name = 'mallory'"
            group_by: [user.name]
            reason: "{user.name} pushed {repository.name}:{image.tag}"
            suppression: {for: 1h}
            tests:
              - name: mallory pushing billing alerts
                events: [{"@timestamp": "2026-11-18T10:00:00Z", "event": {"action": "image.push"}, "user": {"name": "mallory"}, "repository": {"name": "acme/billing"}}]
                expect: [{rule.id: tw-test-billing-push-by-mallory}]
              - name: anyone else does not
                events: [{"@timestamp": "2026-11-18T10:00:00Z", "event": {"action": "image.push"}, "user": {"name": "ci-bot"}, "repository": {"name": "acme/billing"}}]
                expect: []
            """;

    @TempDir
    Path dir;

    /** The candidate: the shipped rules with one rule deleted, one added and one reworded. */
    private Path changedCopyOfTheShippedRules() throws Exception {
        Path shipped = TestRules.repoRoot().resolve("rules");
        Path candidate = dir.resolve("candidate-rules");
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path f : files.toList()) {
                Path target = candidate.resolve(shipped.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target); else Files.copy(f, target);
            }
        }
        Files.delete(candidate.resolve("tw-repo-made-public.yaml"));
        Files.writeString(candidate.resolve("tw-test-billing-push-by-mallory.yaml"), NEW_RULE);
        Path pushRule = candidate.resolve("tw-push-new-actor.yaml");
        String before = Files.readString(pushRule);
        String after = before.replace("reason: \"Push of ", "reason: \"Pushed: ");
        assertThat(after).as("tw-push-new-actor's reason changed shape; update this test").isNotEqualTo(before);
        Files.writeString(pushRule, after);
        return candidate;
    }

    @Test
    void aRuleChangeShowsTheAlertsItAddsAndRemovesOnTheSamples() throws Exception {
        Path report = dir.resolve("report.html");

        Cli.Run run = Cli.run("backtest", "--rules", changedCopyOfTheShippedRules().toString(),
                "--baseline", TestRules.repoRoot().resolve("rules").toString(), "--report", report.toString(),
                TestRules.repoRoot().resolve("samples").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("events from 4 file(s), 0 dead letters, 2026-11-16 to 2026-11-19 (4 days, UTC)");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("tw-repo-made-public +- +- +- +1 +\\+0 +-1 +baseline only"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("tw-test-billing-push-by-mallory +1 +1 +0\\.25 +- +\\+1 +-0 +candidate only"));
        // A reworded reason keeps every alert of tw-push-new-actor (same ids): all three show as changed, none added or removed.
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("tw-push-new-actor( +[\\d.]+){4} +\\+0 +-0 +3 with a new count or reason"));
        assertThat(lines.get(lines.size() - 1)).contains("1 added, 1 removed", "3 with a new count or reason");

        String html = Files.readString(report);
        assertThat(html).contains("<svg", "tw-repo-made-public", "tw-test-billing-push-by-mallory", "tw-push-new-actor",
                "tw-token-new-source", "Added alerts (1)", "mallory pushed acme/billing:latest",
                "Removed alerts (1)", "mlee made repository acme/billing public");
    }

    @Test
    void withoutABaselineItReportsTheRulesAloneUnderDataWithItsDeadLettersBesideTheReport() throws Exception {
        Path input = Files.writeString(dir.resolve("input.jsonl"), String.join("\n",
                "{\"@timestamp\":\"2026-11-18T10:00:00Z\",\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"ci\"},\"token\":{\"id\":\"tok-ro\",\"scopes\":[\"repo:read\"]},\"repository\":{\"name\":\"acme/web\"}}",
                "not json"));
        Path data = dir.resolve("data");

        Cli.Run run = Cli.run("backtest", "--no-geoip", "--data", data.toString(), input.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 events from 1 file(s), 1 dead letters, 2026-11-18 to 2026-11-18 (1 day, UTC)")
                .containsPattern("(?m)^tw-push-read-only-token +1 +1 +1\\.00$")
                .doesNotContain("BASELINE");
        assertThat(run.err()).contains("dead letter: ", "input.jsonl:2: malformed JSON");
        assertThat(Files.readString(data.resolve("backtest-report.html"))).contains("<svg", "tw-push-read-only-token");
        assertThat(Files.readString(data.resolve("backtest-report.dead-letters.jsonl"))).contains("malformed JSON", "\"line\":2");
    }

    @Test
    void invalidRulesStopItWithEveryProblemAndExit2() {
        Cli.Run run = Cli.run("backtest", "--no-geoip", "--baseline", "src/test/resources/broken-rules", "--report",
                dir.resolve("never.html").toString(), TestRules.repoRoot().resolve("samples").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("rule error: ", "tw-broken-everything.yaml:4: rule tw-broken-everything: severity:",
                "problem(s) in src/test/resources/broken-rules");
        assertThat(dir.resolve("never.html")).doesNotExist();
    }

    @Test
    void aMissingInputStopsItWithoutLeavingADeadLettersFile() {
        Path data = dir.resolve("data");
        Cli.Run run = Cli.run("backtest", "--no-geoip", "--data", data.toString(), dir.resolve("nope.jsonl").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("input not found");
        assertThat(data.resolve("backtest-report.dead-letters.jsonl")).doesNotExist();
    }
}
