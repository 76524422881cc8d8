package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tokens list} and {@code tokens show} over the shipped samples, as an investigator types them. */
class TokensCommandTest {
    private static final String SAMPLES = TestRules.repoRoot().resolve("samples").toString();

    /** The first column of each table row: the token ids listed. */
    private static List<String> listed(Cli.Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TOKEN").contains("OWNER", "KIND", "STATUS", "CREATED", "LAST USED", "FROM", "COUNTRIES", "PULLS", "PUSHES");
        return lines.stream().skip(1).map(l -> l.split(" +")[0]).toList();
    }

    @Test
    void dormantListsTheFarmedAutoTokensThatWereNeverUsed() {
        // Attack K's six tokens were created on day 2 between 19:12 and 19:50 and never used; the samples end on day 4.
        List<String> dormant = listed(Cli.run("tokens", "list", "--dormant", "1d", "--user", "kbauer", SAMPLES));
        assertThat(dormant).containsExactlyInAnyOrder("tok-auto-3a7fe274", "tok-auto-5c661a63", "tok-auto-30249880",
                "tok-auto-20b4e961", "tok-auto-2f452ef3", "tok-auto-417d203a");
        List<String> all = listed(Cli.run("tokens", "list", "--dormant", "1d", SAMPLES));
        assertThat(all).contains("tok-auto-3a7fe274").doesNotContain("tok-dana-laptop", "tok-old-deploy", "tok-mkeller-build-vm");
    }

    @Test
    void theFiltersNarrowByStatusKindCountryAndUse() {
        assertThat(listed(Cli.run("tokens", "list", "--status", "owner-removed", SAMPLES))).containsExactly("tok-rgomez-laptop");
        assertThat(listed(Cli.run("tokens", "list", "--country", "sg", SAMPLES))).containsExactly("tok-dana-laptop");
        assertThat(listed(Cli.run("tokens", "list", "--kind", "auto", "--user", "kbauer", SAMPLES))).hasSize(6);
        assertThat(listed(Cli.run("tokens", "list", "--status", "revoked", "--user", "deploy-bot", SAMPLES))).containsExactly("tok-old-deploy");
        // C2's token appears only on day 4 at 04:31; dana's was used that day too; tok-old-deploy was last tried on day 3.
        assertThat(listed(Cli.run("tokens", "list", "--used-since", "2026-11-19", SAMPLES))).contains("tok-leaked-2019", "tok-dana-laptop")
                .doesNotContain("tok-old-deploy");
    }

    @Test
    void anUnknownStatusIsAUsageErrorNamingTheValue() {
        Cli.Run run = Cli.run("tokens", "list", "--status", "expired", SAMPLES);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--status", "'expired'", "owner-removed");
    }

    @Test
    void theIndexIsReadInsteadOfFilesNotAlongsideThem() {
        Cli.Run both = Cli.run("tokens", "list", "--es-url", "http://127.0.0.1:1", SAMPLES);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        Cli.Run unreachable = Cli.run("tokens", "list", "--es-url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("unreachable", "127.0.0.1:1");
    }

    @Test
    void jsonIsOneObjectPerTokenWithEcsNames() throws Exception {
        Cli.Run run = Cli.run("tokens", "list", "--json", "--user", "deploy-bot", SAMPLES);
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : run.out().lines().toList()) docs.add(Json.MAPPER.readTree(line));
        JsonNode old = docs.stream().filter(d -> d.path("token").path("id").asText().equals("tok-old-deploy")).findFirst().orElseThrow();
        assertThat(old.path("token").path("status").asText()).isEqualTo("revoked");
        assertThat(old.path("user").path("name").asText()).isEqualTo("deploy-bot");
        assertThat(old.path("revoked_at").asText()).isEqualTo("2026-11-17T14:05:40Z");
        assertThat(old.path("last_use").path("source").path("ip").asText()).isEqualTo("3.140.61.23");
        assertThat(old.path("last_use").path("source").path("geo").path("country_iso_code").asText()).isEqualTo("US");
        assertThat(old.path("counts").path("uses_after_end").asLong()).isEqualTo(2);
        assertThat(old.path("countries").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void showPrintsTheLifecycleTheUsesByNetworkAndDayAndThePushes() {
        Cli.Run run = Cli.run("tokens", "show", "tok-dana-laptop", SAMPLES);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("token tok-dana-laptop  owner dana  kind personal  scopes repo:read,repo:write  status active");
        assertThat(run.out()).containsPattern("(?m)^  2026-11-18  AS14061 DigitalOcean, LLC +\\d+ +\\d+ +1 +0 +SG +128\\.199\\.81\\.47$");
        assertThat(run.out()).contains("2026-11-18T02:04:51Z  acme/payments-api:2.2.4@sha256:a073c522293055ed919a1c85aea946b335bd095177092e12be2bb1d3d5c42efd from 128.199.81.47 (SG");

        Cli.Run revoked = Cli.run("tokens", "show", "tok-rgomez-laptop", SAMPLES);
        assertThat(revoked.out()).contains("2026-11-19T10:30:00Z  owner rgomez removed from the organization by admin1", "status owner removed");

        Cli.Run unknown = Cli.run("tokens", "show", "tok-nobody", SAMPLES);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no event names token tok-nobody");
    }

    /** The Alerts section's rows: rule id by alert id. */
    private static List<String> alertRows(Cli.Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        int heading = lines.indexOf("Alerts");
        assertThat(heading).as(run.out()).isPositive();
        return lines.subList(heading + 1, lines.size());
    }

    @Test
    void showListsTheAlertsTheShippedRulesRaiseOnTheToken() throws Exception {
        // Attack A: dana's token used from Singapore at 01:47 on day 3 and pushing there at 02:04.
        List<String> dana = alertRows(Cli.run("tokens", "show", "tok-dana-laptop", SAMPLES));
        assertThat(dana.get(0)).startsWith("  TIME").contains("RULE", "SEVERITY", "ALERT", "REASON");
        assertThat(dana.subList(1, dana.size())).hasSize(3).allSatisfy(row -> assertThat(row).contains("high", "tok-dana-laptop"));
        assertThat(dana.get(1)).startsWith("  2026-11-18T01:47:00Z  tw-impossible-travel").contains("Singapore");
        assertThat(dana.get(2)).startsWith("  2026-11-18T01:47:00Z  tw-token-new-source").contains("first source.geo.country_iso_code 'SG'");
        assertThat(dana.get(3)).startsWith("  2026-11-18T02:04:51Z  tw-push-new-actor").contains("acme/payments-api:2.2.4");

        // A token only ever used from home raises nothing.
        assertThat(alertRows(Cli.run("tokens", "show", "tok-mkeller-build-vm", SAMPLES))).containsExactly("  (none)");

        // --rules runs another pack: with only the impossible-travel rule, only its alert is left.
        Path rules = Files.createTempDirectory("tokens-show-rules");
        Files.copy(TestRules.repoRoot().resolve("rules/tw-impossible-travel.yaml"), rules.resolve("tw-impossible-travel.yaml"));
        List<String> travel = alertRows(Cli.run("tokens", "show", "tok-dana-laptop", "--rules", rules.toString(), SAMPLES));
        assertThat(travel).hasSize(2);
        assertThat(travel.get(1)).contains("tw-impossible-travel", dana.get(1).split(" +")[5]);
    }

    @Test
    void showOverTheIndexTakesNeitherFilesNorRules() {
        Cli.Run both = Cli.run("tokens", "show", "tok-dana-laptop", "--es-url", "http://127.0.0.1:1", SAMPLES);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        Cli.Run rules = Cli.run("tokens", "show", "tok-dana-laptop", "--es-url", "http://127.0.0.1:1", "--rules", "rules");
        assertThat(rules.exit()).isEqualTo(2);
        assertThat(rules.err()).contains("--rules");
        Cli.Run unreachable = Cli.run("tokens", "show", "tok-dana-laptop", "--es-url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("unreachable", "127.0.0.1:1");
    }
}
