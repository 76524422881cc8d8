package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.samples.population.PopulationStream;
import dev.tokenwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what the shipped rules find and how many false alerts they raise on a small deterministic
 * population stream (14 days, 60 people, seed 11: two weeks, so the rules are past their learning periods), in both encodings. Counts only, never timing.
 *
 * <p>A rule change changes these counts on purpose: that is the point. When it does, check that
 * the new figures are the ones the change meant (fewer false alerts, no attack lost), then paste
 * the "actual" block of the failure message over the expected one below and say in the commit
 * message why the counts moved. A change of the population generator moves them too.
 */
class PopulationEvalTest {
    private static final String HOW_TO_UPDATE = "The rule pack's score on the labelled population stream changed. If the change is intended,"
            + " copy the actual figures into PopulationEvalTest and explain the move in the commit message (see the class comment).";

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws Exception {
        PopulationStream.write(dir, 14, 60, 11);
    }

    @Test
    void nativeEncodingScore() throws Exception {
        assertThat(score(false, dir.resolve(PopulationStream.NATIVE_FILE))).as(HOW_TO_UPDATE).isEqualTo("""
                tw-dormant-token-used planted 3 found 3 false 0 not-expected 0
                tw-impossible-travel planted 3 found 3 false 0 not-expected 0
                tw-login-failure-burst planted 3 found 3 false 0 not-expected 0
                tw-login-failures-then-success planted 3 found 3 false 0 not-expected 0
                tw-mass-pull-many-repositories planted 3 found 3 false 0 not-expected 0
                tw-mass-push-many-repositories planted 2 found 2 false 0 not-expected 0
                tw-organization-protection-weakened planted 3 found 3 false 1 not-expected 0
                tw-push-new-actor planted 3 found 3 false 1 not-expected 0
                tw-push-read-only-token planted 3 found 3 false 0 not-expected 0
                tw-repo-made-public planted 2 found 2 false 0 not-expected 0
                tw-revoked-token-used planted 3 found 3 false 0 not-expected 0
                tw-tag-overwrite-protected-repository planted 3 found 3 false 0 not-expected 0
                tw-token-created-broader-scopes planted 2 found 2 false 0 not-expected 0
                tw-token-created-then-used-abroad planted 3 found 3 false 0 not-expected 0
                tw-token-new-source planted 3 found 3 false 0 not-expected 0
                tw-token-used-after-owner-removed planted 2 found 2 false 0 not-expected 0
                tw-token-used-with-spoofed-address planted 3 found 3 false 0 not-expected 0
                tw-too-many-auto-tokens planted 2 found 2 false 0 not-expected 0
                all rules planted 49 found 49 false 2 not-expected 0
                benign events 22989""");
    }

    @Test
    void distributionEncodingScore() throws Exception {
        assertThat(score(true, dir.resolve(PopulationStream.DISTRIBUTION_FILE))).as(HOW_TO_UPDATE).isEqualTo("""
                tw-dormant-token-used planted 1 found 1 false 0 not-expected 2
                tw-impossible-travel planted 1 found 1 false 0 not-expected 2
                tw-login-failure-burst planted 3 found 3 false 0 not-expected 0
                tw-login-failures-then-success planted 3 found 3 false 0 not-expected 0
                tw-mass-pull-many-repositories planted 3 found 3 false 0 not-expected 0
                tw-mass-push-many-repositories planted 2 found 2 false 0 not-expected 0
                tw-organization-protection-weakened planted 3 found 3 false 1 not-expected 0
                tw-push-new-actor planted 3 found 3 false 1 not-expected 0
                tw-push-read-only-token planted 0 found 0 false 0 not-expected 3
                tw-repo-made-public planted 2 found 2 false 0 not-expected 0
                tw-revoked-token-used planted 0 found 0 false 0 not-expected 3
                tw-tag-overwrite-protected-repository planted 3 found 3 false 0 not-expected 0
                tw-token-created-broader-scopes planted 2 found 2 false 0 not-expected 0
                tw-token-created-then-used-abroad planted 1 found 1 false 0 not-expected 2
                tw-token-new-source planted 1 found 1 false 0 not-expected 2
                tw-token-used-after-owner-removed planted 0 found 0 false 0 not-expected 2
                tw-token-used-with-spoofed-address planted 0 found 0 false 0 not-expected 3
                tw-too-many-auto-tokens planted 2 found 2 false 0 not-expected 0
                all rules planted 30 found 30 false 2 not-expected 19
                benign events 33374""");
    }

    @Test
    void theSameSeedGivesTheSameStream() throws Exception {
        Path again = dir.resolve("again");
        PopulationStream.write(again, 14, 60, 11);
        for (String file : new String[] {PopulationStream.NATIVE_FILE, PopulationStream.DISTRIBUTION_FILE, PopulationStream.LABELS_FILE}) {
            assertThat(Files.mismatch(dir.resolve(file), again.resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    /** One line per rule, "rule planted/found false", then the totals and the benign event count. */
    private static String score(boolean distribution, Path input) throws Exception {
        Path json = dir.resolve((distribution ? "distribution" : "native") + "-score.json");
        Cli.Run run = distribution
                ? Cli.run("eval", "--no-token-ids", "--labels", dir.resolve(PopulationStream.LABELS_FILE).toString(), "--json", json.toString(),
                        input.toString())
                : Cli.run("eval", "--labels", dir.resolve(PopulationStream.LABELS_FILE).toString(), "--json", json.toString(), input.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode score = Json.MAPPER.readTree(json.toFile());
        StringBuilder out = new StringBuilder();
        for (JsonNode row : score.get("rules")) out.append(line(row));
        out.append(line(score.get("overall")));
        out.append("benign events ").append(score.get("benign_events").asLong());
        return out.toString();
    }

    private static String line(JsonNode row) {
        return row.get("rule").asText() + " planted " + row.get("planted").asInt() + " found " + row.get("found").asInt()
                + " false " + row.get("false_alerts").asLong() + " not-expected " + row.get("not_expected_without_token_ids").asInt() + "\n";
    }
}
