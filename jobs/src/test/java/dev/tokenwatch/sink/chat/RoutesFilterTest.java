package dev.tokenwatch.sink.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which alerts a route's {@link AlertFilter} lets through to its destination. */
class RoutesFilterTest {
    private static Alert alert(String ruleId, String severity, String repository, String... tags) {
        Alert alert = new Alert();
        alert.id = ruleId + "-1";
        alert.ruleId = ruleId;
        alert.ruleName = "Token from a new source";
        alert.severity = severity;
        alert.tags = tags;
        alert.event = new Event();
        alert.event.repositoryName = repository;
        return alert;
    }

    private static final Alert NEW_SOURCE = alert("tw-token-new-source", "high", "acme/web", "token", "anomaly", "stolen-credentials");
    private static final Alert PUBLIC_REPO = alert("tw-repo-made-public", "medium", "other/billing", "registry", "visibility");

    @Test
    void noConditionsTakeEveryAlert() {
        assertThat(AlertFilter.all().accepts(NEW_SOURCE)).isTrue();
        assertThat(AlertFilter.all().accepts(PUBLIC_REPO)).isTrue();
    }

    @Test
    void aMinimumSeverityDropsWhatIsBelowIt() {
        AlertFilter high = new AlertFilter(Severity.HIGH, List.of(), List.of(), List.of());
        assertThat(high.accepts(NEW_SOURCE)).isTrue();
        assertThat(high.accepts(PUBLIC_REPO)).isFalse();
    }

    @Test
    void rulesAndTagsEachNeedOneMatch() {
        assertThat(new AlertFilter(Severity.LOW, List.of("tw-repo-made-public"), List.of(), List.of()).accepts(PUBLIC_REPO)).isTrue();
        assertThat(new AlertFilter(Severity.LOW, List.of("tw-repo-made-public"), List.of(), List.of()).accepts(NEW_SOURCE)).isFalse();
        AlertFilter stolen = new AlertFilter(Severity.LOW, List.of(), List.of("stolen-credentials", "supply-chain"), List.of());
        assertThat(stolen.accepts(NEW_SOURCE)).isTrue();
        assertThat(stolen.accepts(PUBLIC_REPO)).isFalse();
        Alert untagged = alert("tw-token-new-source", "high", "acme/web");
        untagged.tags = null;
        assertThat(stolen.accepts(untagged)).isFalse();
    }

    @Test
    void repositoryGlobsMatchTheAlertsRepository() {
        AlertFilter acme = new AlertFilter(Severity.LOW, List.of(), List.of(), List.of("acme/*"));
        assertThat(acme.accepts(NEW_SOURCE)).isTrue();
        assertThat(acme.accepts(PUBLIC_REPO)).isFalse();
        assertThat(acme.accepts(alert("tw-token-new-source", "high", "acme/team/web"))).as("* stays within one path segment").isFalse();
        assertThat(acme.accepts(alert("tw-token-new-source", "high", null))).as("an alert about no repository").isFalse();
    }

    @Test
    void everyConditionMustHold() {
        AlertFilter all = new AlertFilter(Severity.HIGH, List.of("tw-token-new-source"), List.of("stolen-credentials"), List.of("acme/*"));
        assertThat(all.accepts(NEW_SOURCE)).isTrue();
        assertThat(all.accepts(alert("tw-token-new-source", "medium", "acme/web", "stolen-credentials"))).isFalse();
        assertThat(all.accepts(alert("tw-token-new-source", "critical", "acme/web", "token"))).isFalse();
    }
}
