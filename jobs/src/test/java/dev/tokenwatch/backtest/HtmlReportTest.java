package dev.tokenwatch.backtest;

import static dev.tokenwatch.backtest.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.testing.TestRules;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final List<Rule> RULES = TestRules.load(TestRules.PUSH, TestRules.REVOKED);
    private static final DayRange DAYS = new DayRange(LocalDate.of(2026, 11, 16), 4);
    private static final ReportHeader HEADER = new ReportHeader("rules-<new>", "rules", 4, 100, 98, 2);

    private static String render(List<Alert> candidate, List<Alert> baseline) {
        return HtmlReport.render(BacktestResult.of(DAYS, RULES, candidate, RULES, baseline), HEADER);
    }

    @Test
    void theReportIsOnePageWithTheTableAChartAndTheAddedAndRemovedAlerts() {
        Alert added = alert("a1", "test-push", "2026-11-17T10:00:00Z", "mallory");
        Alert removed = alert("a2", "test-revoked", "2026-11-18T10:00:00Z", "tok-old");

        String html = render(List.of(added), List.of(removed));

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).contains("<svg", "test-push", "test-revoked", "Added alerts (1)", "Removed alerts (1)",
                "2026-11-17 10:00:00", "test-push fired for mallory", "test-revoked fired for tok-old", "98 events", "2 dead letters");
        // Self-contained: nothing is fetched when the page opens (the SVG namespace is an identifier, not a request).
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                .doesNotContain("<script", "<link", "src=", "href=", "url(", "@import", "http://", "https://");
    }

    @Test
    void textFromRulesAndEventsIsEscaped() {
        Alert hostile = TestAlerts.withReason(alert("a1", "test-push", "2026-11-17T10:00:00Z", "x"),
                "Push by <script>alert('x')</script> & \"friends\"");

        String html = render(List.of(hostile), List.of());

        assertThat(html).doesNotContain("<script>", "rules-<new>")
                .contains("Push by &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;", "rules-&lt;new&gt;");
    }

    @Test
    void eachRuleWithAlertsGetsAChartWithABaselineAndACandidateBarPerDay() {
        String html = render(List.of(alert("a1", "test-push", "2026-11-17T10:00:00Z", "x")),
                List.of(alert("a2", "test-push", "2026-11-16T10:00:00Z", "x")));

        String chart = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        assertThat(chart).contains("<title>2026-11-16 baseline: 1</title>", "<title>2026-11-17 candidate: 1</title>",
                "<title>2026-11-19 candidate: 0</title>", "Nov 16", "Nov 19");
        assertThat(html.split("<svg", -1)).hasSize(2); // test-revoked raised nothing in either set: named, not charted
        assertThat(html).contains("No alerts in either set: <code>test-revoked</code>");
    }

    @Test
    void aFloodOfAddedAlertsIsCutToKeepTheReportSmall() {
        List<Alert> many = new ArrayList<>();
        for (int i = 0; i < HtmlReport.MAX_LISTED + 5; i++) many.add(alert("id" + i, "test-push", "2026-11-17T10:00:00Z", "k" + i));

        String html = render(many, List.of());

        assertThat(html).contains("Added alerts (" + (HtmlReport.MAX_LISTED + 5) + ")", "… and 5 more");
    }

    @Test
    void axisTopsAreRoundNumbers() {
        assertThat(DailyChart.niceCeiling(1)).isEqualTo(1);
        assertThat(DailyChart.niceCeiling(3)).isEqualTo(5);
        assertThat(DailyChart.niceCeiling(11)).isEqualTo(20);
        assertThat(DailyChart.niceCeiling(500)).isEqualTo(500);
        assertThat(DailyChart.niceCeiling(501)).isEqualTo(1000);
    }
}
