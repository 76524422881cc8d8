package dev.tokenwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenwatch.testing.TestRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleLoaderTest {
    private static final Path BROKEN = Path.of("src/test/resources/broken-rules");

    @Test
    void theShippedRulePackLoadsWithoutProblems() {
        RuleLoader.Result result = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.rules()).extracting(r -> r.rule().type()).contains(RuleType.MATCH, RuleType.NEW_VALUE, RuleType.INDICATOR);
        assertThat(result.rules()).allSatisfy(r -> assertThat(r.tests()).isNotEmpty());
    }

    @Test
    void everyProblemOfABrokenRuleIsReportedAtOnceWithFileLineAndField() {
        RuleLoader.Result result = new RuleLoader().loadDirectory(BROKEN);
        List<String> problems = result.problems().stream().map(RuleProblem::toString).toList();
        String file = BROKEN.resolve("tw-broken-everything.yaml").toString();
        assertThat(problems).contains(
                file + ":4: rule tw-broken-everything: severity: 'severe' is not one of [low, medium, high, critical]",
                file + ":8: rule tw-broken-everything: threat.technique.id: expected T1234 or T1234.001, got 'X1078'",
                file + ":15: rule tw-broken-everything: new_value.learning_period: expected a duration like 90s, 15m, 24h or 30d, got 'soon'");
        assertThat(problems).anyMatch(p -> p.startsWith(file + ":9: rule tw-broken-everything: colour: unknown field"));
        assertThat(problems).contains(file + ":11: rule tw-broken-everything: condition: EPL condition does not compile:"
                + " Incorrect syntax near '=' at column 16 of the condition");
        assertThat(problems).anyMatch(p -> p.startsWith(file + ":12: rule tw-broken-everything: group_by[0]: unknown event field 'token.nope'"));
        assertThat(problems).anyMatch(p -> p.startsWith(file + ":17: rule tw-broken-everything: tests: every rule needs tests"));
        assertThat(problems).anyMatch(p -> p.contains("tw-not-yaml.yaml") && p.contains("not valid YAML"));
        assertThat(result.rules()).extracting(r -> r.rule().id()).containsExactly("tw-failing-test");
    }

    @Test
    void riskScoreMustFitTheSeverityBand() {
        String yaml = TestRules.PUSH.replace("risk_score: 10", "risk_score: 70");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TestRules.load(yaml)))
                .hasMessageContaining("risk_score: 70 is outside the low band 0-21");
    }

    @Test
    void anUnknownFieldSuggestsTheNearestKnownPath() {
        String yaml = TestRules.PUSH.replace("group_by: [user.name]", "group_by: [repository.visiblity]")
                .replace("suppression:", "reason: \"{user.nme} pushed\"\nsuppression:");
        assertThat(catchThrowable(() -> TestRules.load(yaml)))
                .hasMessageContaining("group_by[0]: unknown event field 'repository.visiblity' (did you mean repository.visibility?)")
                .hasMessageContaining("unknown placeholder {user.nme}: use an event field path, {detail} or {rule.name} (did you mean user.name?)");
    }

    @Test
    void aConditionNamingAnUnknownFieldSuggestsTheNearestKnownPath() {
        String yaml = TestRules.PUSH.replace("condition: \"event.action = 'image.push'\"", "condition: \"event.acton = 'image.push'\"");
        assertThat(catchThrowable(() -> TestRules.load(yaml))).hasMessageEndingWith("(did you mean event.action?)]");
    }

    @Test
    void everyRuleTypeHasItsSectionAndDetector() {
        // match has no section (the condition is the rule); epl rules each get their own EplProgram.
        assertThat(RuleType.values()).allSatisfy(t -> {
            assertThat(t.section() == null).as(t + " without a section").isEqualTo(t == RuleType.MATCH);
            assertThat(t.detector() == null).as(t + " without a detector").isEqualTo(t == RuleType.EPL);
        });
    }

    @Test
    void aPathFarFromEveryKnownOneGetsNoSuggestion() {
        assertThat(FieldSuggestion.nearest("token.nope")).isEmpty();
        assertThat(FieldSuggestion.didYouMean("colour")).isEmpty();
        assertThat(FieldSuggestion.distance("kitten", "sitting")).isEqualTo(3);
    }
}
