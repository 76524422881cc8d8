package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.RawRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labels stay few: a source kind never carries a path, a reason label is one of a fixed set. */
class MetricLabelsTest {
    @Test
    void sourcesAreKindsNeverPaths() {
        assertThat(MetricLabels.source("/home/ops/tokenwatch/samples/distribution-notifications.jsonl")).isEqualTo("file");
        assertThat(MetricLabels.source("file:/srv/spool/hub-audit-2026-11-17.json")).isEqualTo("file");
        assertThat(MetricLabels.source("/data/spool/received-distribution-1764680000000-4242-7.jsonl")).isEqualTo("receiver:distribution");
        assertThat(MetricLabels.source("/data/spool/received-registry-log-1764680000000-4242-8.log")).isEqualTo("receiver:registry-log");
        assertThat(MetricLabels.source("/data/spool/received-harbor-syslog-1764680000000-4242-9.log")).isEqualTo("receiver:harbor-syslog");
        assertThat(MetricLabels.source("/data/spool/received-tail-registry.log-1764680000000-4242-9.log")).isEqualTo("receiver:tail");
        assertThat(MetricLabels.source("/data/spool/received-something-new-1-2-3.jsonl")).isEqualTo("receiver:other");
        assertThat(MetricLabels.source("poll:dockerhub-audit:acme")).isEqualTo("poll:dockerhub-audit");
        assertThat(MetricLabels.source("poll:harbor-audit:harbor.example:8443")).isEqualTo("poll:harbor-audit");
        assertThat(MetricLabels.source("kafka:registry-events/3")).isEqualTo("kafka");
        assertThat(MetricLabels.source("bench")).isEqualTo("other");
        assertThat(MetricLabels.source(null)).isEqualTo("other");
    }

    @Test
    void everyReasonTheParserGivesHasALabelOfTheFixedSet() {
        EventParser parser = new EventParser();
        List<String[]> cases = List.of(
                new String[] {"{\"not json", MetricLabels.MALFORMED_JSON},
                new String[] {"{\"hello\":\"world\"}", MetricLabels.UNKNOWN_SHAPE},
                new String[] {"42", MetricLabels.UNKNOWN_SHAPE},
                new String[] {"[]", MetricLabels.EMPTY},
                new String[] {"{\"events\":[]}", MetricLabels.EMPTY},
                new String[] {"{\"@timestamp\":\"yesterday\",\"event\":{\"action\":\"image.pull\"}}", MetricLabels.BAD_TIME},
                new String[] {"{\"jti\":\"j1\",\"sub\":\"alice\",\"iat\":\"soon\",\"exp\":1763373600}", MetricLabels.BAD_TIME});
        for (String[] c : cases) {
            List<DeadLetter> dead = parser.parse(RawRecord.of("t.jsonl", 1, c[0])).deadLetters();
            assertThat(dead).as(c[0]).isNotEmpty();
            assertThat(MetricLabels.reason(dead.get(0).reason())).as(dead.get(0).reason()).isEqualTo(c[1]);
        }
        List<DeadLetter> fromSource = parser.parse(new RawRecord("t.jsonl", 1, "x", "invalid UTF-8")).deadLetters();
        assertThat(MetricLabels.reason(fromSource.get(0).reason())).isEqualTo(MetricLabels.INVALID_UTF8);
        assertThat(MetricLabels.reason("line is 2000000 bytes, more than the limit of 1048576")).isEqualTo(MetricLabels.TOO_LONG);
        assertThat(MetricLabels.reason("token.scopes: expected an array of strings, got \"all\"")).isEqualTo(MetricLabels.BAD_VALUE);
        assertThat(MetricLabels.reason("events[0]: target.repository: missing")).isEqualTo(MetricLabels.MISSING_FIELD);
        assertThat(MetricLabels.reason("late: event time 2026-11-17T10:00:00Z is 31d behind the watermark")).isEqualTo(MetricLabels.LATE);
        assertThat(MetricLabels.reason("internal parser error: java.lang.NullPointerException")).isEqualTo(MetricLabels.PARSER_ERROR);
        assertThat(MetricLabels.reason("something nobody foresaw")).isEqualTo(MetricLabels.OTHER);
        assertThat(MetricLabels.REASONS).contains(MetricLabels.reason(null));
    }
}
