package dev.tokenwatch.ruletest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.enrich.EventEnricher;
import dev.tokenwatch.enrich.GeoEnricher;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tests written inside the shipped rule files run as part of the build. */
class ShippedRuleTestsTest {
    @Test
    void everyShippedRuleTestPasses() throws Exception {
        RuleLoader.Result rules = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
        assertThat(rules.problems()).isEmpty();
        try (GeoEnricher geo = new GeoEnricher(GeoSettings.forDirectory(GeoSettings.defaultDirectory()))) {
            List<RuleTestRunner.Result> results = new RuleTestRunner(new EventEnricher(geo)).run(rules.rules());
            assertThat(results).isNotEmpty();
            assertThat(results).filteredOn(r -> !r.passed()).isEmpty();
        }
    }

    @Test
    void aRuleWhoseTestExpectsTheWrongThingFailsWithTheRuleTestAndReason() {
        RuleLoader.Result rules = new RuleLoader().loadDirectory(Path.of("src/test/resources/broken-rules"));
        List<RuleTestRunner.Result> results = new RuleTestRunner(e -> { }).run(rules.rules());
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.toString()).contains("tw-failing-test.yaml:13: rule tw-failing-test: test 'expects an alert for a pull': expected 1 alert(s), got 0");
        });
    }
}
