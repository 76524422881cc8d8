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
    void theRoutesFileBesideTheRulesIsNoRuleForTheLoaderOrHotReload() throws Exception {
        Path rules = TestRules.repoRoot().resolve("rules");
        assertThat(rules.resolve(RuleFiles.ROUTES)).exists();
        assertThat(RuleFiles.read(rules).files()).doesNotContainKey(RuleFiles.ROUTES);
        assertThat(new RuleReloader().offer(RuleFiles.read(rules)).orElseThrow().rejected()).isEmpty();
        assertThat(RuleFiles.isRule(RuleFiles.ROUTES)).isFalse();
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
    void anEplRulesInitiatedByIsCheckedAsAConditionAndAMisspeltKeyIsNamed() {
        String broken = TestRules.CREATED_THEN_ABROAD.replace("  window: 1h\n", "  window: 1h\n  initiated_by: \"event.acton = 'token.created'\"\n");
        assertThat(catchThrowable(() -> TestRules.load(broken)))
                .hasMessageContaining("epl.initiated_by: EPL condition does not compile")
                .hasMessageContaining("(did you mean event.action?)");
        String misspelt = TestRules.CREATED_THEN_ABROAD.replace("  window: 1h\n", "  window: 1h\n  initiatedby: \"event.action = 'token.created'\"\n");
        assertThat(catchThrowable(() -> TestRules.load(misspelt)))
                .hasMessageContaining("epl.initiatedby: unknown key (did you mean initiated_by?)");
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

    @Test
    void newValueFieldsWrittenOutAreReadWithTheirOptionsAndCheckedOneByOne() {
        String yaml = TestRules.NEW_SOURCE.replace("new_value: {fields: [source.ip], learning_period: 1h, history_window: 2d}", """
                new_value:
                  fields:
                    - {field: source.geo.country_iso_code, severity: high, risk_score: 63, learning_period: 2h}
                    - {field: source.as.number, otherwise: [source.network.prefix, user.name], shared_by: 2, unless_familiar: true,
                       unless: "source.geo.city_name is null"}
                  learning_period: 1h
                  history_window: 2d""");
        Rule.NewValue newValue = TestRules.load(yaml).get(0).newValue();
        assertThat(newValue.fields()).containsExactly(
                new Rule.NewValueField("source.geo.country_iso_code", List.of(), Severity.HIGH, 63, null, false, 7_200_000L, null),
                new Rule.NewValueField("source.as.number", List.of("source.network.prefix", "user.name"), null, null, 2L, true, null,
                        "source.geo.city_name is null"));

        String broken = TestRules.NEW_SOURCE.replace("new_value: {fields: [source.ip], learning_period: 1h, history_window: 2d}", """
                new_value:
                  fields:
                    - {field: source.geo.country_iso_code, severity: medium, risk_score: 63, colour: red}
                    - {field: source.as.number, otherwise: source.network.prefx, shared_by: 0, unless: "source.geo.city = 'x'"}
                  history_window: 2d""");
        assertThat(catchThrowable(() -> TestRules.load(broken)))
                .hasMessageContaining("new_value.fields[0].risk_score: 63 is outside the medium band 22-47")
                .hasMessageContaining("new_value.fields[0].colour: unknown key")
                .hasMessageContaining("new_value.fields[1].otherwise: unknown event field 'source.network.prefx' (did you mean source.network.prefix?)")
                .hasMessageContaining("new_value.fields[1].shared_by: expected at least 1")
                .hasMessageContaining("new_value.fields[1].unless: EPL condition does not compile");
    }

    @Test
    void thresholdBaselineAndGeoVelocityGuardRailsAreReadAndChecked() {
        Rule.Threshold threshold = TestRules.load(TestRules.MANY_REPOS.replace("distinct: repository.name}",
                "distinct: repository.name, baseline: {learning_period: 1d, history: 30d, factor: 3}}")).get(0).threshold();
        assertThat(threshold.baseline()).isEqualTo(new Rule.Baseline(86_400_000L, 30 * 86_400_000L, 3.0));
        assertThat(catchThrowable(() -> TestRules.load(TestRules.MANY_REPOS.replace("distinct: repository.name}",
                "distinct: repository.name, baseline: {history: 5m, factor: 0.5}}"))))
                .hasMessageContaining("threshold.baseline.history: required: how long a key's peak is remembered, longer than the window")
                .hasMessageContaining("threshold.baseline.factor: must be at least 1");

        Rule.GeoVelocity travel = TestRules.load(TestRules.TRAVEL.replace("ttl: 1d}",
                "ttl: 1d, shared_by: 2, ignore_known_networks: true, ignore_known_clients: true, learning_period: 1d}")).get(0).geoVelocity();
        assertThat(travel).isEqualTo(new Rule.GeoVelocity(900, 500, 86_400_000L, true, 2L, true, 86_400_000L, true));
        assertThat(TestRules.load(TestRules.TRAVEL).get(0).geoVelocity().subtractAccuracy()).as("accuracy is taken off by default").isTrue();
        assertThat(catchThrowable(() -> TestRules.load(TestRules.TRAVEL.replace("ttl: 1d}", "ttl: 1d, learning_period: 1d}"))))
                .hasMessageContaining("geo_velocity.learning_period: only means something with ignore_known_networks or ignore_known_clients: true");
    }
}
