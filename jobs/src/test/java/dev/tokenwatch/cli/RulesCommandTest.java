package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules validate} with a routes file: errors fail it, what the environment lacks only warns. */
class RulesCommandTest {
    private static final String RULES = TestRules.repoRoot().resolve("rules").toString();

    @TempDir
    Path dir;

    @Test
    void theShippedRulesAndRoutesValidateWithWarningsForTheMissingSecrets() {
        Cli.Run run = Cli.run("rules", "validate", RULES);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("rules valid in", "3 destinations valid in " + Path.of(RULES, "routes.yaml"));
        assertThat(run.err()).doesNotContain("routes error");
    }

    @Test
    void aBrokenRoutesFileFailsWithFileAndLine() throws Exception {
        Path routes = Files.writeString(dir.resolve("chat.yaml"), """
                destinations:
                  - name: soc
                    type: slack
                    url: ${TOKENWATCH_TEST_UNSET_URL}
                    rules: [tw-revoked-token-usd]
                """);
        Cli.Run run = Cli.run("rules", "validate", RULES, "--routes", routes.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(
                "routes error: " + routes + ":5: destinations[0].rules[0]: no rule with id 'tw-revoked-token-usd' (did you mean tw-revoked-token-used?)",
                "routes warning: " + routes + ":4: destinations[0].url: environment variable TOKENWATCH_TEST_UNSET_URL is not set",
                "1 problem(s) in " + routes);
    }

    @Test
    void unsetVariablesAloneAreWarnings() throws Exception {
        Path routes = Files.writeString(dir.resolve("chat.yaml"),
                "destinations:\n  - {name: soc, type: slack, url: \"${TOKENWATCH_TEST_UNSET_URL}\"}\n");
        Cli.Run run = Cli.run("rules", "validate", RULES, "--routes", routes.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("routes warning: " + routes + ":2: destinations[0].url: environment variable TOKENWATCH_TEST_UNSET_URL is not set");
        assertThat(run.out()).contains("1 destinations valid in " + routes + ", 1 warning(s)");
    }

    @Test
    void aRoutesFileNamedButMissingIsAnError() {
        Cli.Run run = Cli.run("rules", "validate", RULES, "--routes", dir.resolve("none.yaml").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(dir.resolve("none.yaml") + ":1: routes file not found");
    }
}
