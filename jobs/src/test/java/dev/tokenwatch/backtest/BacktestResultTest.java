package dev.tokenwatch.backtest;

import static dev.tokenwatch.backtest.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.testing.TestRules;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-rule rows and totals of a backtest, and their text and HTML renderings. */
class BacktestResultTest {
    private static final List<Rule> RULES = TestRules.load(TestRules.PUSH, TestRules.REVOKED, TestRules.NEW_SOURCE);
    private static final DayRange DAYS = new DayRange(LocalDate.of(2026, 11, 16), 3);

    private static List<Rule> rules(String... ids) {
        return RULES.stream().filter(r -> List.of(ids).contains(r.id())).toList();
    }

    private final Alert kept = alert("a1", "test-push", "2026-11-16T10:00:00Z", "u1");
    private final List<Alert> candidate = List.of(kept,
            alert("a2", "test-push", "2026-11-17T10:00:00Z", "u1"),
            alert("a3", "test-push", "2026-11-17T11:00:00Z", "u2"),
            alert("n1", "test-new-source", "2026-11-18T11:00:00Z", "tok"));
    private final List<Alert> baseline = List.of(kept,
            alert("a4", "test-push", "2026-11-18T10:00:00Z", "u3"),
            alert("r1", "test-revoked", "2026-11-16T03:00:00Z", "tok"));

    private BacktestResult compared() {
        return BacktestResult.of(DAYS, rules("test-push", "test-new-source"), candidate, rules("test-push", "test-revoked"), baseline);
    }

    private static RuleSummary row(BacktestResult result, String id) {
        return result.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void eachRuleGetsAlertsDistinctKeysPerDayAndWhatChangedAgainstTheBaseline() {
        BacktestResult result = compared();

        assertThat(result.rules()).extracting(RuleSummary::id).containsExactly("test-new-source", "test-push", "test-revoked");
        RuleSummary push = row(result, "test-push");
        assertThat(push.alerts()).isEqualTo(3);
        assertThat(push.distinctKeys()).isEqualTo(2);
        assertThat(push.perDay()).containsExactly(1, 2, 0);
        assertThat(push.baselineAlerts()).isEqualTo(2);
        assertThat(push.baselinePerDay()).containsExactly(1, 0, 1);
        assertThat(push.added()).isEqualTo(2);
        assertThat(push.removed()).isEqualTo(1);
        assertThat(result.days().perDay(push.alerts())).isEqualTo(1.0);
    }

    @Test
    void aRuleInOneSetOnlyIsSaidSoAndAllItsAlertsAreAddedOrRemoved() {
        BacktestResult result = compared();

        RuleSummary created = row(result, "test-new-source");
        assertThat(created.presence(true)).isEqualTo("candidate only");
        assertThat(created.added()).isEqualTo(1);
        RuleSummary deleted = row(result, "test-revoked");
        assertThat(deleted.presence(true)).isEqualTo("baseline only");
        assertThat(deleted.alerts()).isZero();
        assertThat(deleted.removed()).isEqualTo(1);
        assertThat(result.totals()).isEqualTo("candidate: 4 alerts from 2 rules (1.33/day over 3 days);"
                + " baseline: 3 alerts from 2 rules; 3 added, 2 removed, 1 unchanged");
    }

    @Test
    void aRuleThatRaisedNothingStillHasARow() {
        BacktestResult result = BacktestResult.of(DAYS, RULES, List.of(kept), null, null);

        assertThat(result.rules()).extracting(r -> r.id() + "=" + r.alerts())
                .containsExactly("test-new-source=0", "test-push=1", "test-revoked=0");
        assertThat(result.comparison()).isNull();
        assertThat(result.totals()).isEqualTo("candidate: 1 alerts from 3 rules (0.33/day over 3 days)");
    }

    @Test
    void theTerminalTableHasOneRowPerRuleAndEndsWithTheTotals() {
        List<String> lines = TerminalTable.render(compared()).lines().toList();

        assertThat(lines.get(0)).startsWith("RULE").contains("ALERTS", "KEYS", "PER DAY", "BASELINE", "ADDED", "REMOVED");
        assertThat(lines.get(1)).matches("test-new-source +1 +1 +0\\.33 +- +\\+1 +-0 +candidate only");
        assertThat(lines.get(2)).matches("test-push +3 +2 +1\\.00 +2 +\\+2 +-1");
        assertThat(lines.get(3)).matches("test-revoked +- +- +- +1 +\\+0 +-1 +baseline only");
        assertThat(lines.get(4)).isEqualTo(compared().totals());
    }

    @Test
    void withoutABaselineTheTableLeavesOutTheComparisonColumns() {
        String table = TerminalTable.render(BacktestResult.of(DAYS, RULES, List.of(kept), null, null));

        assertThat(table.lines().findFirst().orElseThrow()).isEqualTo("RULE             ALERTS  KEYS  PER DAY");
        assertThat(table).doesNotContain("BASELINE", "ADDED", "only");
    }
}
