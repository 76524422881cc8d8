package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.testing.TestRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * threshold, sequence and geo_velocity in Flink's harness: detections, state cleanup, and a restore
 * from a snapshot taken in the middle of a window or sequence that detects exactly what an
 * uninterrupted run detects.
 */
class StatefulRuleTypesHarnessTest {
    private final List<Rule> rules = TestRules.load(TestRules.MANY_REPOS, TestRules.BURST_THEN_SUCCESS,
            TestRules.CREATED_NOT_USED, TestRules.TRAVEL, TestRules.CREATED_THEN_ABROAD, TestRules.DORMANT);

    private static Event push(String time, String user, String repo) {
        Event e = event(time, "image.push", null, null);
        e.userName = user;
        e.repositoryName = repo;
        return e;
    }

    private static Event login(String time, String action, String ip) {
        return event(time, action, null, ip);
    }

    private static Event use(String time, String token, double lat, double lon, String city) {
        Event e = event(time, "token.used", token, "203.0.113.9");
        e.latitude = lat;
        e.longitude = lon;
        e.cityName = city;
        return e;
    }

    /** A use of token tok-9 from {@code country}. */
    private static Event tok9(String time, String action, String country) {
        Event e = event(time, action, "tok-9", null);
        e.countryIsoCode = country;
        return e;
    }

    /** Runs events through a fresh harness, optionally snapshotting and restoring after {@code cut} events. */
    private List<String> run(List<Event> events, int cut, long endWatermark) throws Exception {
        List<String> out = new ArrayList<>();
        try (ConditionMatcher matcher = new ConditionMatcher(rules)) {
            var h = harness();
            h.open();
            for (int i = 0; i < events.size(); i++) {
                if (i == cut) {
                    OperatorSubtaskState snapshot = h.snapshot(1L, events.get(i - 1).timestamp);
                    h.extractOutputValues().forEach(d -> out.add(describe(d)));
                    h.close();
                    h = harness();
                    h.initializeState(snapshot);
                    h.open();
                }
                Event e = events.get(i);
                Harnesses.send(h, matcher, e);
            }
            Harnesses.watermark(h, endWatermark);
            h.extractOutputValues().forEach(d -> out.add(describe(d)));
            assertThat(Harnesses.keyedStateEntries(h)).as("state left after the end watermark").isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            h.close();
        }
        return out;
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, HitGroup, String, Detection> harness() throws Exception {
        return Harnesses.ruleState(rules);
    }

    private static String describe(Detection d) {
        return d.ruleId + ":" + d.event.id;
    }

    @Test
    void thresholdCountsDistinctValuesInTheWindowAndSurvivesARestoreMidWindow() throws Exception {
        List<Event> events = List.of(
                push("2026-11-16T08:00:00Z", "mallory", "acme/a"),
                push("2026-11-16T08:01:00Z", "mallory", "acme/a"),
                push("2026-11-16T08:02:00Z", "mallory", "acme/b"),
                push("2026-11-16T08:03:00Z", "mallory", "acme/c"),
                push("2026-11-16T08:04:00Z", "alice", "acme/a"),
                push("2026-11-16T09:00:00Z", "mallory", "acme/d"));
        long end = millis("2026-11-17T00:00:00Z");
        List<String> straight = run(events, -1, end);
        assertThat(straight).containsExactly("test-many-repos:" + events.get(3).id);
        assertThat(run(events, 3, end)).isEqualTo(straight);
    }

    @Test
    void sequenceNeedsTheStepsInOrderWithinTheWindowAndSurvivesARestoreMidSequence() throws Exception {
        List<Event> events = List.of(
                login("2026-11-16T08:00:00Z", "login.success", "45.67.1.9"),
                login("2026-11-16T08:01:00Z", "login.failure", "45.67.1.9"),
                login("2026-11-16T08:02:00Z", "login.failure", "45.67.1.9"),
                login("2026-11-16T08:03:00Z", "login.failure", "45.67.1.9"),
                login("2026-11-16T08:04:00Z", "login.success", "45.67.1.9"),
                login("2026-11-16T09:00:00Z", "login.failure", "80.1.1.1"),
                login("2026-11-16T09:01:00Z", "login.failure", "80.1.1.1"),
                login("2026-11-16T09:02:00Z", "login.failure", "80.1.1.1"),
                login("2026-11-16T09:20:00Z", "login.success", "80.1.1.1"));
        long end = millis("2026-11-17T00:00:00Z");
        List<String> straight = run(events, -1, end);
        assertThat(straight).containsExactly("test-burst-then-success:" + events.get(4).id);
        assertThat(run(events, 3, end)).isEqualTo(straight);
    }

    @Test
    void anAbsenceCompletesTheSequenceWhenTheWindowEndsWithoutTheEvent() throws Exception {
        List<Event> events = List.of(
                event("2026-11-16T08:00:00Z", "token.created", "tok-unused", null),
                event("2026-11-16T08:00:00Z", "token.created", "tok-used", null),
                event("2026-11-16T08:30:00Z", "token.used", "tok-used", null));
        List<String> straight = run(events, -1, millis("2026-11-16T12:00:00Z"));
        assertThat(straight).containsExactly("test-created-not-used:" + events.get(0).id);
        assertThat(run(events, 2, millis("2026-11-16T12:00:00Z"))).isEqualTo(straight);
    }

    @Test
    void anEplPatternSurvivesARestoreBetweenItsStepsBecauseTheKeysEventsAreReplayed() throws Exception {
        Event created = tok9("2026-11-16T08:00:00Z", "token.created", "DE");
        Event home = tok9("2026-11-16T08:10:00Z", "token.used", "DE");
        Event abroad = tok9("2026-11-16T08:20:00Z", "token.used", "SG");
        Event late = tok9("2026-11-16T10:00:00Z", "token.used", "US");
        List<Event> events = List.of(created, home, abroad, late);
        long end = millis("2026-11-17T00:00:00Z");
        List<String> straight = run(events, -1, end);
        assertThat(straight).containsExactly("test-created-then-abroad:" + abroad.id);
        assertThat(run(events, 2, end)).isEqualTo(straight);
    }

    @Test
    void anEplRuleWithInitiatedByKeepsNothingForAKeyBeforeItsFirstStepAndStillMatchesAfterIt() throws Exception {
        List<Rule> initiated = TestRules.load(TestRules.CREATED_THEN_ABROAD.replace("  window: 1h\n",
                "  window: 1h\n  initiated_by: \"event.action = 'token.created'\"\n"));
        assertThat(initiated.get(0).epl().initiatedBy()).isEqualTo("event.action = 'token.created'");
        Event before = tok9("2026-11-16T07:00:00Z", "token.used", "SG");
        Event created = tok9("2026-11-16T08:00:00Z", "token.created", "DE");
        Event abroad = tok9("2026-11-16T08:20:00Z", "token.used", "SG");
        try (ConditionMatcher matcher = new ConditionMatcher(initiated)) {
            var h = Harnesses.ruleState(initiated);
            h.open();
            Harnesses.send(h, matcher, before);
            Harnesses.watermark(h, millis("2026-11-16T07:30:00Z"));
            // The uninitiated key's use was evaluated and left no trace: no kept events, no cleanup timer.
            assertThat(Harnesses.keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            Harnesses.send(h, matcher, created);
            Harnesses.send(h, matcher, abroad);
            Harnesses.watermark(h, millis("2026-11-17T00:00:00Z"));
            assertThat(h.extractOutputValues()).extracting(StatefulRuleTypesHarnessTest::describe)
                    .containsExactly("test-created-then-abroad:" + abroad.id);
            h.close();
        }
    }

    @Test
    void aBusyKeyKeepsAFewCleanupTimersAndEachValueStillExpiresOnTheHourAfterItsWindow() throws Exception {
        List<Rule> newSource = TestRules.load(TestRules.NEW_SOURCE);
        List<Event> events = new ArrayList<>();
        events.add(event("2026-11-16T08:00:00Z", "image.pull", "tok-busy", "10.0.0.1"));
        events.add(event("2026-11-16T08:30:00Z", "image.pull", "tok-busy", "10.0.0.3"));
        for (int i = 0; i < 72; i++) {
            Event busy = event("2026-11-16T08:01:00Z", "image.pull", "tok-busy", "10.0.0.2");
            busy.timestamp += i * 3_600_000L;
            busy.id = "busy-" + i;
            events.add(busy);
        }
        // Both a window (2 days) after their last use: .1 is forgotten on the hour, 08:00; .3 only at 09:00.
        Event forgotten = event("2026-11-18T08:10:00Z", "image.pull", "tok-busy", "10.0.0.1");
        Event notYet = event("2026-11-18T08:45:00Z", "image.pull", "tok-busy", "10.0.0.3");
        events.add(forgotten);
        events.add(notYet);
        events.sort(java.util.Comparator.comparingLong(e -> e.timestamp));
        try (ConditionMatcher matcher = new ConditionMatcher(newSource)) {
            var h = Harnesses.ruleState(newSource);
            h.open();
            for (Event e : events) {
                Harnesses.send(h, matcher, e);
                Harnesses.watermark(h, e.timestamp);
                if (e.id.equals("busy-36")) {
                    // A day and a half of hourly use: the key's cleanup timers are those its values were made with.
                    assertThat(h.numEventTimeTimers()).isLessThanOrEqualTo(2);
                }
            }
            assertThat(h.extractOutputValues()).extracting(StatefulRuleTypesHarnessTest::describe)
                    .containsExactly("test-new-source:" + forgotten.id);
            h.close();
        }
    }

    @Test
    void aDormantTokenWakingUpIsDetectedAcrossARestore() throws Exception {
        List<Event> events = List.of(
                event("2026-08-01T08:00:00Z", "image.pull", "tok-old", null),
                event("2026-08-20T08:00:00Z", "image.pull", "tok-old", null),
                event("2026-10-01T08:00:00Z", "image.pull", "tok-old", null),
                event("2026-10-02T08:00:00Z", "image.pull", "tok-old", null));
        long end = millis("2027-01-01T00:00:00Z");
        List<String> straight = run(events, -1, end);
        assertThat(straight).containsExactly("test-dormant:" + events.get(2).id);
        assertThat(run(events, 2, end)).isEqualTo(straight);
    }

    @Test
    void geoVelocityFlagsImpossibleTravelButNotAPlausibleTrip() throws Exception {
        List<Event> events = List.of(
                use("2026-11-16T08:00:00Z", "tok-1", 52.52, 13.40, "Berlin"),
                use("2026-11-16T10:00:00Z", "tok-1", 48.14, 11.58, "Munich"),
                use("2026-11-16T10:30:00Z", "tok-1", 1.31, 103.68, "Singapore"));
        long end = millis("2026-11-18T00:00:00Z");
        List<String> straight = run(events, -1, end);
        assertThat(straight).containsExactly("test-travel:" + events.get(2).id);
        assertThat(run(events, 2, end)).isEqualTo(straight);
    }
}
