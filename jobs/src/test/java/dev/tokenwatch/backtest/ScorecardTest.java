package dev.tokenwatch.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorecardTest {
    @TempDir
    Path dir;

    private final PlantedAttack stolen = new PlantedAttack("A01", "tw-new-source", "stolen token", Set.of("e1", "e2"), false);
    private final PlantedAttack revoked = new PlantedAttack("A02", "tw-revoked", "revoked token retried", Set.of("e3"), true);

    @Test
    void anAlertNamingAnAttackEventIsTrueButFindsOnlyTheAttacksOfItsOwnRule() {
        List<Alert> alerts = List.of(alert("tw-new-source", "e2", "e9"), alert("tw-travel", "e1"), alert("tw-travel", "e7"), alert("tw-revoked", "e8"));

        Scorecard s = Scorecard.of(List.of("tw-new-source", "tw-revoked", "tw-travel"), events(200_000), alerts, List.of(stolen, revoked), true);

        assertThat(s.benignEvents()).isEqualTo(200_000 - 3);
        assertThat(s.rows()).extracting(Scorecard.Row::rule, Scorecard.Row::planted, Scorecard.Row::found, Scorecard.Row::falseAlerts)
                .containsExactly(tuple("tw-new-source", 1, 1, 0L),
                        tuple("tw-revoked", 1, 0, 1L),
                        tuple("tw-travel", 0, 0, 1L));
        assertThat(s.overall().falsePer100k()).isCloseTo(1.0, offset(0.01));
        assertThat(s.missed()).containsExactly(revoked);
        assertThat(ScorecardReport.table(s)).contains("missed A02 (tw-revoked): revoked token retried");
    }

    @Test
    void withoutTokenIdsAttacksThatNeedThemAreReportedApartNotMissed() {
        Scorecard s = Scorecard.of(List.of("tw-new-source", "tw-revoked"), events(10), List.of(), List.of(stolen, revoked), false);

        assertThat(s.missed()).containsExactly(stolen);
        assertThat(s.notExpected()).containsExactly(revoked);
        assertThat(s.overall().planted()).isEqualTo(1);
        assertThat(ScorecardReport.table(s)).contains("not expected without token ids A02 (tw-revoked)");
    }

    @Test
    void aBadLabelNamesFileLineAndField() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.jsonl"), "{\"attack\":\"A01\",\"rule\":\"r\",\"event_ids\":[\"e1\"]}\n"
                + "{\"attack\":\"A02\",\"rule\":\"r\",\"event_ids\":[]}\n");

        assertThatThrownBy(() -> AttackLabels.read(labels)).hasMessage(labels + ":2: event_ids: expected a non-empty array of event ids, got []");
    }

    private static Alert alert(String rule, String... eventIds) {
        Alert a = new Alert();
        a.ruleId = rule;
        a.eventIds = eventIds;
        return a;
    }

    private static List<Event> events(int count) {
        List<Event> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Event e = new Event();
            e.id = "e" + i;
            out.add(e);
        }
        return out;
    }
}
