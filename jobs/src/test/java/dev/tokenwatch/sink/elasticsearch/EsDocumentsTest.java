package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.TestEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class EsDocumentsTest {
    private static final IndexNames NAMES = IndexNames.DEFAULT;

    @Test
    void anEventGoesToItsDaysIndexUnderItsOwnId() throws Exception {
        Event e = TestEvents.event("2026-11-18T23:59:59.999Z", "image.push", "tok-1", "203.0.113.9");
        e.id = "abc";
        e.latitude = 1.5;
        e.longitude = 103.8;
        EsAction a = EsDocuments.event(e, NAMES);
        assertThat(a.kind).isEqualTo(EsAction.Kind.INDEX);
        assertThat(a.index).isEqualTo("tokenwatch-events-2026.11.18");
        assertThat(a.id).isEqualTo("abc");
        JsonNode doc = Json.MAPPER.readTree(a.document);
        assertThat(doc.at("/source/ip").asText()).isEqualTo("203.0.113.9");
        assertThat(doc.at("/source/geo/location/lat").asDouble()).isEqualTo(1.5);
        assertThat(doc.at("/event/kind").asText()).isEqualTo("event");
        assertThat(EsDocuments.event(e, NAMES).bulkLines()).isEqualTo(a.bulkLines());
    }

    @Test
    void anEventWithoutIdGetsOneFromItsContent() {
        Event e = TestEvents.event("2026-11-18T10:00:00Z", "image.pull", "tok-1", "203.0.113.9");
        e.id = null;
        assertThat(EsDocuments.event(e, NAMES).id).startsWith("sha256:").isEqualTo(EsDocuments.event(e, NAMES).id);
    }

    @Test
    void anAlertIsUpsertedWithoutTouchingWorkflowFields() throws Exception {
        Alert alert = alert(3);
        EsAction a = EsDocuments.alert(alert, NAMES);
        assertThat(a.kind).isEqualTo(EsAction.Kind.UPSERT);
        assertThat(a.index).isEqualTo("tokenwatch-alerts-2026.11.01");
        assertThat(a.id).isEqualTo("al-1");
        assertThat(a.version).isEqualTo(3);
        String[] lines = a.bulkLines().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode meta = Json.MAPPER.readTree(lines[0]).path("update");
        assertThat(meta.path("_index").asText()).isEqualTo("tokenwatch-alerts-2026.11.01");
        assertThat(meta.path("_id").asText()).isEqualTo("al-1");
        JsonNode body = Json.MAPPER.readTree(lines[1]);
        assertThat(body.at("/upsert/alert/status").asText()).isEqualTo("open");
        assertThat(body.at("/doc/alert").has("status")).isFalse();
        assertThat(body.at("/doc/alert").has("assignee")).isFalse();
        assertThat(body.at("/doc/alert/count").asLong()).isEqualTo(3);
        assertThat(body.at("/doc/alert/last_seen").asText()).isEqualTo("2026-11-18T11:00:00Z");
    }

    @Test
    void aBatchSendsOnlyTheNewestVersionOfEachDocument() {
        EsAction v1 = EsDocuments.alert(alert(1), NAMES);
        EsAction v3 = EsDocuments.alert(alert(3), NAMES);
        EsAction other = EsDocuments.event(TestEvents.event("2026-11-18T10:00:00Z", "image.pull", "t", "203.0.113.1"), NAMES);
        assertThat(ElasticsearchSinkWriter.newestVersions(List.of(v1, other, v3))).containsExactly(v3, other);
        assertThat(ElasticsearchSinkWriter.newestVersions(List.of(v3, v1))).containsExactly(v3);
    }

    @Test
    void idsAndIndicesAreEscapedInTheBulkMetadata() throws Exception {
        EsAction a = new EsAction(EsAction.Kind.INDEX, "i", "a\"b\\c\n", "{}", null, 0);
        assertThat(Json.MAPPER.readTree(a.bulkLines().split("\n")[0]).at("/index/_id").asText()).isEqualTo("a\"b\\c\n");
    }

    @Test
    void indexPrefixesAreChecked() {
        assertThat(new IndexNames("acme-tw").eventsIndex(0)).isEqualTo("acme-tw-events-1970.01.01");
        assertThatThrownBy(() -> new IndexNames("Acme")).hasMessageContaining("index prefix");
        assertThatThrownBy(() -> new IndexNames("a/b")).hasMessageContaining("index prefix");
    }

    static Alert alert(long count) {
        Alert a = new Alert();
        a.id = "al-1";
        a.timestamp = TestEvents.millis("2026-11-18T10:00:00Z");
        a.ruleId = "tw-x";
        a.ruleName = "X";
        a.ruleType = "match";
        a.severity = "high";
        a.riskScore = 60;
        a.reason = "something happened";
        a.status = "open";
        a.count = count;
        a.firstSeen = a.timestamp;
        a.lastSeen = TestEvents.millis("2026-11-18T11:00:00Z");
        a.eventIds = new String[] {"e1"};
        a.event = TestEvents.event("2026-11-18T10:00:00Z", "image.push", "tok-1", "203.0.113.9");
        return a;
    }
}
