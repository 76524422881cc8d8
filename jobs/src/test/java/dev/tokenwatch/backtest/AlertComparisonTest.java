package dev.tokenwatch.backtest;

import static dev.tokenwatch.backtest.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertComparisonTest {
    private final Alert kept = alert("a1", "r1", "2026-11-16T10:00:00Z", "tok-1");
    private final Alert dropped = alert("a2", "r1", "2026-11-17T10:00:00Z", "tok-2");
    private final Alert fresh = alert("a3", "r2", "2026-11-16T09:00:00Z", "tok-3");

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(a -> a.id).toList();
    }

    @Test
    void alertsAreMatchedByIdIntoAddedRemovedAndUnchanged() {
        AlertComparison c = AlertComparison.of(List.of(kept, dropped), List.of(fresh, kept.copy()));

        assertThat(ids(c.added())).containsExactly("a3");
        assertThat(ids(c.removed())).containsExactly("a2");
        assertThat(ids(c.unchanged())).containsExactly("a1");
        assertThat(c.changed()).isEmpty();
    }

    @Test
    void theSameIdWithANewReasonOrCountIsChangedNotAddedAndRemoved() {
        Alert reworded = TestAlerts.withReason(kept, "fewer fields named");
        Alert grown = TestAlerts.withCount(dropped, 3);

        AlertComparison c = AlertComparison.of(List.of(kept, dropped), List.of(grown, reworded));

        assertThat(c.added()).isEmpty();
        assertThat(c.removed()).isEmpty();
        assertThat(c.unchanged()).isEmpty();
        assertThat(c.changed()).extracting(ch -> ch.baseline().id + ":" + ch.baseline().reason + "->" + ch.candidate().reason)
                .containsExactly("a1:r1 fired for tok-1->fewer fields named", "a2:r1 fired for tok-2->r1 fired for tok-2");
    }

    @Test
    void theLastVersionOfAnIdIsTheOneCompared() {
        // A suppressed alert is emitted at once with count 1 and again with its final count: only the final one counts.
        AlertComparison c = AlertComparison.of(List.of(TestAlerts.withCount(kept, 1), TestAlerts.withCount(kept, 4)),
                List.of(TestAlerts.withCount(kept, 4)));

        assertThat(ids(c.unchanged())).containsExactly("a1");
        assertThat(c.changed()).isEmpty();
    }

    @Test
    void everyListIsInEventTimeOrder() {
        Alert late = alert("z", "r1", "2026-11-18T00:00:00Z", "k");
        Alert early = alert("y", "r1", "2026-11-15T00:00:00Z", "k2");

        AlertComparison c = AlertComparison.of(List.of(), List.of(late, early, kept));

        assertThat(ids(c.added())).containsExactly("y", "a1", "z");
    }
}
