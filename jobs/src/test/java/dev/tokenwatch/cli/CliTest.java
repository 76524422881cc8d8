package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The commands as a user types them: exit codes and what they print. */
class CliTest {
    @TempDir
    Path dir;

    @Test
    void rulesValidatePassesOnTheShippedRules() {
        Cli.Run run = Cli.run("rules", "validate", TestRules.repoRoot().resolve("rules").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("rules valid");
    }

    @Test
    void rulesValidateFailsWithFileLineAndReason() {
        Cli.Run run = Cli.run("rules", "validate", "src/test/resources/broken-rules");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("tw-broken-everything.yaml:4: rule tw-broken-everything: severity: 'severe' is not one of");
    }

    @Test
    void rulesTestRunsEveryShippedTestAndSummarizes() {
        Cli.Run run = Cli.run("rules", "test", TestRules.repoRoot().resolve("rules").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^\\d+ passed, 0 failed$");
    }

    @Test
    void rulesTestFailsOnABrokenRulePack() {
        Cli.Run run = Cli.run("rules", "test", "src/test/resources/broken-rules", "--no-geoip");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("FAIL", "tw-failing-test", "expected 1 alert(s), got 0");
        assertThat(run.out()).containsPattern("(?m)^0 passed, \\d+ failed$");
    }

    /** Two pushes by a read-only token, a repository made public, and one line that is not JSON. */
    private Path input() throws Exception {
        return Files.writeString(dir.resolve("input.jsonl"), String.join("\n",
                "{\"@timestamp\":\"2026-11-18T10:00:00Z\",\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"ci\"},\"token\":{\"id\":\"tok-ro\",\"scopes\":[\"repo:read\"]},\"repository\":{\"name\":\"acme/web\"}}",
                "{\"@timestamp\":\"2026-11-18T10:05:00Z\",\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"ci\"},\"token\":{\"id\":\"tok-ro\",\"scopes\":[\"repo:read\"]},\"repository\":{\"name\":\"acme/web\"}}",
                "{\"account\":\"acme\",\"action\":\"repo.change_privacy\",\"name\":\"acme/billing\",\"actor\":\"mlee\",\"data\":{\"privacy\":\"public\"},\"timestamp\":\"2026-11-20T10:01:02Z\"}",
                "not json"));
    }

    @Test
    void replayGivesTheSameBytesOnEveryRun() throws Exception {
        Path input = input();
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        Path dead = dir.resolve("dead.jsonl");
        for (Path out : new Path[] {first, second}) {
            Cli.Run run = Cli.run("replay", "--out", out.toString(), "--dead-letters", dead.toString(), input.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("2 alerts", "tw-push-read-only-token", "tw-repo-made-public", "1 dead letters");
        }
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readAllLines(first)).hasSize(2).anySatisfy(l -> assertThat(l).contains("\"count\":2", "tw-push-read-only-token"));
        assertThat(Files.readString(dead)).contains("malformed JSON", "\"line\":4");
    }

    @Test
    void replayWritesItsOwnDeadLettersUnderDataLeavesRunsFilesAloneAndCleansUpItsTemporaryFiles() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String runsDeadLetter = "{\"reason\":\"written by run\"}\n";
        Files.writeString(data.resolve("dead-letters.jsonl"), runsDeadLetter);
        Path tmp = dir.resolve("tmp");

        Cli.Run run = Cli.run("replay", "--no-geoip", "--data", data.toString(), "--tmp-dir", tmp.toString(), input().toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(data.resolve("dead-letters.jsonl")).hasContent(runsDeadLetter);
        Path replays = data.resolve("replay/dead-letters.jsonl");
        assertThat(Files.readString(replays)).contains("malformed JSON");
        assertThat(run.err()).contains(replays.toAbsolutePath().toString());
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void replayPutsItsDeadLettersBesideOutAndRefusesTheFilesRunAppendsTo() throws Exception {
        Path data = dir.resolve("data");
        Cli.Run beside = Cli.run("replay", "--no-geoip", "--data", data.toString(), "--out", dir.resolve("x.jsonl").toString(), input().toString());
        assertThat(beside.exit()).as(beside.err()).isZero();
        assertThat(Files.readString(dir.resolve("x.dead-letters.jsonl"))).contains("malformed JSON");

        for (String runs : new String[] {"alerts.jsonl", "dead-letters.jsonl", "es-dead-letters.jsonl"}) {
            Cli.Run refused = Cli.run("replay", "--no-geoip", "--data", data.toString(), "--dead-letters", data.resolve(runs).toString(),
                    input().toString());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("'run' appends to that file");
            assertThat(data.resolve(runs)).doesNotExist();
        }
    }

    @Test
    void theLocalElasticsearchLivesUnderData() {
        Cli.Run status = Cli.run("es", "status", "--data", dir.resolve("data").toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("no local node running from " + dir.resolve("data/elasticsearch").toAbsolutePath());
    }

    @Test
    void tailingARegistryLogNeedsTheReceiverWhoseHealthCheckCountsIt() {
        Path log = dir.resolve("registry.log");
        for (String command : new String[] {"run", "receive"}) {
            Cli.Run alone = Cli.run(command, "--data", dir.resolve("data").toString(), "--tail-log", log.toString());
            assertThat(alone.exit()).as(command).isEqualTo(2);
            assertThat(alone.err()).contains("--tail-log needs --listen HOST:PORT too");
        }
        Cli.Run twice = Cli.run("receive", "--data", dir.resolve("data").toString(), "--listen", "127.0.0.1:0",
                "--tail-log", log.toString(), "--tail-log", log.toString());
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("--tail-log " + log + ": given twice");
        Cli.Run fromStartAlone = Cli.run("receive", "--data", dir.resolve("data").toString(), "--listen", "127.0.0.1:0", "--tail-from-start");
        assertThat(fromStartAlone.exit()).isEqualTo(2);
        assertThat(fromStartAlone.err()).contains("--tail-from-start applies to --tail-log FILE");
    }

    @Test
    void aMissingGeoIpDatabaseStopsStartUpWithAClearMessage() {
        Cli.Run run = Cli.run("replay", "--geoip-city", dir.resolve("nope.mmdb").toString(), "src/test/resources/formats/distribution-notifications.jsonl");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("GeoIP database not found", "nope.mmdb", "--geoip-city");
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        List<List<String>> commands = commandPaths();
        assertThat(commands).contains(List.of("rules", "validate"), List.of("es", "bench"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Cli.Run run = Cli.run(args.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.err()).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: tokenwatch");
        }
    }

    @Test
    void versionIsTheBuildsOnEveryCommand() {
        for (String[] args : new String[][] {{"--version"}, {"rules", "validate", "--version"}}) {
            Cli.Run run = Cli.run(args);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).as(String.join(" ", args)).matches("tokenwatch \\d+\\.\\d+\\.\\d+\\S*\\R");
        }
    }

    /** One way to write placeholders and defaults: capitals, and "(default: ...)" wherever there is one. */
    @Test
    void everyOptionNamesItsValueInCapitalsAndStatesItsDefault() {
        List<String> offenders = new ArrayList<>();
        for (CommandSpec spec : specs(new CommandLine(new TokenwatchCli()).getCommandSpec()).toList()) {
            for (OptionSpec o : spec.options()) {
                String name = spec.qualifiedName() + " " + o.longestName();
                if (o.arity().max() > 0 && !o.paramLabel().matches("[A-Z][A-Z0-9_.]*")) offenders.add(name + ": label " + o.paramLabel());
                if (o.defaultValue() != null && !String.join(" ", o.description()).contains("(default: ")) offenders.add(name + ": default not stated");
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static List<List<String>> commandPaths() {
        CommandSpec root = new CommandLine(new TokenwatchCli()).getCommandSpec();
        // qualifiedName is "tokenwatch rules validate": the words after the program name are what a user types.
        return specs(root).map(s -> Stream.of(s.qualifiedName(" ").split(" ")).skip(1).toList()).toList();
    }

    private static Stream<CommandSpec> specs(CommandSpec spec) {
        return Stream.concat(Stream.of(spec), spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct().flatMap(CliTest::specs));
    }
}
