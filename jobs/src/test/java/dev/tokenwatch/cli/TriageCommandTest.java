package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code triage} over the shipped samples with the leak starting on day 2 at 18:00, after the deploy
 * host's rotation (14:05) and before the first planted attack (K, 19:12). The expected tokens come
 * from samples/README.md's table of planted attacks.
 */
class TriageCommandTest {
    private static final String SAMPLES = TestRules.repoRoot().resolve("samples").toString();
    private static final String SINCE = "2026-11-17T18:00:00Z";

    /** K: kbauer's six farmed auto tokens, created from Hetzner in Finland. */
    private static final Set<String> FARMED = Set.of("tok-auto-3a7fe274", "tok-auto-5c661a63", "tok-auto-30249880",
            "tok-auto-20b4e961", "tok-auto-2f452ef3", "tok-auto-417d203a");
    /** G: the nine CI tokens used from one runner within five and a half minutes, tag main-badc0de. */
    private static final Set<String> MASS_PUSH = Set.of("tok-ci-api", "tok-ci-web", "tok-ci-payments-api", "tok-ci-auth",
            "tok-ci-frontend", "tok-ci-gateway", "tok-ci-orders", "tok-ci-base-images", "tok-ci-admin-console");

    private static JsonNode triage() throws Exception {
        Cli.Run run = Cli.run("triage", "--since", SINCE, "--format", "json", SAMPLES);
        assertThat(run.exit()).as(run.err()).isZero();
        return Json.MAPPER.readTree(run.out());
    }

    private static Set<String> tokens(JsonNode findings) {
        Set<String> tokens = new TreeSet<>();
        findings.forEach(f -> tokens.add(f.path("token").path("id").asText()));
        return tokens;
    }

    private static Set<String> union(Set<String> a, Set<String> b, String... more) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void newNetworksAndCountriesAreTheStolenTheLeakedTheMintedAndTheFarmedTokens() throws Exception {
        JsonNode report = triage();
        // A (dana's token from Singapore), C2 (a token never seen, from Japan), J (alice's admin token minted
        // from Tor and used from a Dutch VPS), K (six tokens created from Finland for an account never seen there).
        assertThat(tokens(report.path("sections").path("new_sources"))).isEqualTo(union(FARMED, Set.of(), "tok-dana-laptop", "tok-leaked-2019", "tok-alice-backup"));
        JsonNode dana = find(report.path("sections").path("new_sources"), "tok-dana-laptop");
        assertThat(dana.path("source").path("ip").asText()).isEqualTo("128.199.81.47");
        assertThat(dana.path("source").path("geo").path("country_iso_code").asText()).isEqualTo("SG");
        assertThat(dana.path("@timestamp").asText()).isEqualTo("2026-11-18T01:47:00Z");
        assertThat(dana.path("why").asText()).contains("country SG", "AS14061", "(no account of the organization on it before)",
                "not seen for this token or its owner dana before " + SINCE);
    }

    @Test
    void revokedAndRemovedMembersTokensStillUsedAreNamedWithWhy() throws Exception {
        JsonNode sections = triage().path("sections");
        assertThat(tokens(sections.path("used_after_revocation"))).containsExactly("tok-old-deploy");
        JsonNode c1 = find(sections.path("used_after_revocation"), "tok-old-deploy");
        assertThat(c1.path("what").asText()).startsWith("2 uses");
        assertThat(c1.path("why").asText()).isEqualTo("revoked at 2026-11-17T14:05:40Z");
        assertThat(tokens(sections.path("used_after_owner_removed"))).containsExactly("tok-rgomez-laptop");
        JsonNode l = find(sections.path("used_after_owner_removed"), "tok-rgomez-laptop");
        assertThat(l.path("@timestamp").asText()).isEqualTo("2026-11-19T22:47:00Z");
        assertThat(l.path("source").path("ip").asText()).isEqualTo("77.165.31.144");
        assertThat(l.path("why").asText()).contains("rgomez removed from the organization at 2026-11-19T10:30:00Z");
    }

    @Test
    void theNotablePushesAreExactlyThePlantedOnesWithWhatTheyPushed() throws Exception {
        JsonNode pushes = triage().path("sections").path("pushes");
        List<String> notable = new ArrayList<>();
        pushes.forEach(p -> {
            if (p.path("notable").asBoolean()) notable.add(p.path("token").path("id").asText() + " " + p.path("what").asText());
        });
        List<String> expected = new ArrayList<>(List.of(
                // A: dana's token pushes acme/payments-api from Singapore.
                "tok-dana-laptop push acme/payments-api:2.2.4@sha256:a073c522293055ed919a1c85aea946b335bd095177092e12be2bb1d3d5c42efd",
                // B: the read-only CI token pushes acme/web.
                "tok-ci-readonly push acme/web:main-5dd8abd@sha256:81a7fc3addec8363dfe73e3570a48255488ffc64f83ddfac97c245b959776892",
                // F: the stale Harbor robot pushes payments/api:3.3.2.
                "robot$payments+old push payments/api:3.3.2",
                // M: jdoe re-points acme/payments-api:2.2.5 (first pushed on day 3 at 12:19 with sha256:df0586fb...).
                "tok-jdoe-laptop push acme/payments-api:2.2.5@sha256:87968608496bfe9ff2dbb811be2ed96992ba7a972366860737f516360861355f"));
        // G: one backdoored build to nine repositories, each with its own CI token.
        for (String token : MASS_PUSH) expected.add(token + " push acme/" + token.substring("tok-ci-".length()) + ":main-badc0de@");
        assertThat(notable).hasSize(expected.size());
        for (String e : expected) assertThat(notable).as(e).anySatisfy(n -> assertThat(n).startsWith(e));
        assertThat(findNotable(pushes, "tok-jdoe-laptop").path("why").asText()).contains("release tag re-pointed, it was sha256:df0586fb13be");
        assertThat(findNotable(pushes, "tok-ci-readonly").path("why").asText()).contains("read-only token (repo:read)");
        assertThat(findNotable(pushes, "robot$payments+old").path("why").asText()).contains("neither the token nor its owner was seen before " + SINCE);
        assertThat(findNotable(pushes, "tok-ci-orders").path("why").asText()).isEqualTo("one of 9 repositories pushed from 3.130.164.202 within 10 minutes");
        // Routine CI pushes are listed too (after a leak every push needs checking), just not as notable.
        assertThat(pushes.size()).isGreaterThan(expected.size());
    }

    @Test
    void theSuspectsAreExactlyThePlantedCompromisedTokens() throws Exception {
        Set<String> suspects = new TreeSet<>();
        triage().path("suspects").forEach(s -> suspects.add(s.asText()));
        assertThat(suspects).isEqualTo(union(FARMED, MASS_PUSH, "tok-dana-laptop", "tok-ci-readonly", "tok-old-deploy", "tok-leaked-2019",
                "robot$payments+old", "tok-alice-backup", "tok-rgomez-laptop", "tok-jdoe-laptop"));
    }

    @Test
    void theTableHasASectionPerQuestionAndCsvARowPerFinding() {
        Cli.Run table = Cli.run("triage", "--since", SINCE, SAMPLES);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("Breach triage since " + SINCE + ": 23 token(s) to look at",
                "Tokens used or created from networks or countries new to them since " + SINCE + ": 9 token(s)",
                "Revoked or deleted tokens still tried since " + SINCE + ": 1 token(s)",
                "Tokens of removed members still used since " + SINCE + ": 1 token(s)");
        assertThat(table.out()).containsPattern("(?m)^tok-old-deploy +deploy-bot +2026-11-18T03:12:00Z +3\\.140\\.61\\.23 +US +AS16509 ");

        Cli.Run csv = Cli.run("triage", "--since", SINCE, "--format", "csv", SAMPLES);
        assertThat(csv.exit()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("section,token,owner,time,address,country,network,what,why,notable");
        // An AS name with a comma is quoted.
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("new_sources,tok-dana-laptop,dana,2026-11-18T01:47:00Z,128.199.81.47,SG,\"AS14061 DigitalOcean, LLC\","));
    }

    @Test
    void aBadTimeIsAUsageErrorNamingTheValue() {
        Cli.Run run = Cli.run("triage", "--since", "yesterday", SAMPLES);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'yesterday'", "2026-11-17T18:00:00Z");
    }

    private static JsonNode findNotable(JsonNode findings, String token) {
        for (JsonNode f : findings) if (f.path("token").path("id").asText().equals(token) && f.path("notable").asBoolean()) return f;
        throw new AssertionError("no notable finding for " + token + " in " + findings);
    }

    private static JsonNode find(JsonNode findings, String token) {
        for (JsonNode f : findings) if (f.path("token").path("id").asText().equals(token)) return f;
        throw new AssertionError("no finding for " + token + " in " + findings);
    }

    @Test
    void theIndexIsReadInsteadOfFilesNotAlongsideThem() {
        Cli.Run both = Cli.run("triage", "--since", SINCE, "--es-url", "http://127.0.0.1:1", SAMPLES);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        Cli.Run unreachable = Cli.run("triage", "--since", SINCE, "--es-url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("unreachable", "127.0.0.1:1");
    }
}
