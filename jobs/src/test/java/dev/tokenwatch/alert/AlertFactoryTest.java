package dev.tokenwatch.alert;

import static dev.tokenwatch.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Secrets;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.testing.TestRules;
import org.junit.jupiter.api.Test;

class AlertFactoryTest {
    private final Rule push = TestRules.load(TestRules.PUSH).get(0);

    private Event push(String id, String user) {
        Event e = event("2026-11-18T10:00:00Z", "image.push", "tok-1", "80.130.1.2");
        e.id = id;
        e.userName = user;
        e.repositoryName = "acme/web";
        return e;
    }

    @Test
    void theSameDetectionAlwaysGetsTheSameIdSoReprocessingNeverDuplicates() {
        Alert first = AlertFactory.create(push, new Detection(push, push("evt-1", "mallory"), "matched"));
        Alert again = AlertFactory.create(push, new Detection(push, push("evt-1", "mallory"), "matched"));
        assertThat(again.id).isEqualTo(first.id).hasSize(32);
        assertThat(AlertJson.toJson(again)).isEqualTo(AlertJson.toJson(first));
    }

    @Test
    void anotherEventOrAnotherKeyGetsAnotherId() {
        String id = AlertFactory.create(push, new Detection(push, push("evt-1", "mallory"), "m")).id;
        assertThat(AlertFactory.create(push, new Detection(push, push("evt-2", "mallory"), "m")).id).isNotEqualTo(id);
        assertThat(AlertFactory.create(push, new Detection(push, push("evt-1", "bob"), "m")).id).isNotEqualTo(id);
    }

    @Test
    void theAlertCarriesTheContractFields() {
        Event e = push("evt-1", "mallory");
        e.userAgent = "docker/27 dckr_pat_Zx81LkQw7u2RtYp0aBcDeFgHiJk";
        Secrets.scrub(e);
        String json = AlertJson.toJson(AlertFactory.create(push, new Detection(push, e, "matched")));
        assertThat(json).contains("\"@timestamp\":\"2026-11-18T10:00:00Z\"", "\"rule\":{\"id\":\"test-push\"",
                "\"severity\":\"low\"", "\"risk_score\":10", "\"status\":\"open\"", "\"count\":1", "\"ids\":[\"evt-1\"]",
                "\"user\":{\"name\":\"mallory\"}", "\"technique\":{\"id\":\"T1525\"", "\"reason\":\"Any push: matched\"")
                .doesNotContain("dckr_pat_Zx81");
    }
}
