package dev.tokenwatch.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IndexNamesTest {
    /**
     * What ILM's index.lifecycle.parse_origination_date accepts (Elasticsearch's
     * IndexLifecycleOriginationDateParser); with the setting on, an index whose name does not match is
     * not created at all, so every document bound for it would be refused.
     */
    private static final Pattern ILM_ORIGINATION_DATE = Pattern.compile("^.*-(\\d{4}.\\d{2}.\\d{2})(-[\\d]+)?$");

    private final IndexNames names = new IndexNames("tokenwatch");
    private final long time = Instant.parse("2026-11-23T23:59:59Z").toEpochMilli();

    @Test
    void eventsGoToTheirUtcDayAndAlertsToTheFirstDayOfTheirUtcMonth() {
        assertThat(names.eventsIndex(time)).isEqualTo("tokenwatch-events-2026.11.23");
        assertThat(names.alertsIndex(time)).isEqualTo("tokenwatch-alerts-2026.11.01");
        assertThat(names.alertsIndex(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli())).isEqualTo("tokenwatch-alerts-2026.12.01");
    }

    @Test
    void everyIndexNameCarriesTheDateIlmReadsItsAgeFrom() {
        for (String index : new String[] {names.eventsIndex(time), names.alertsIndex(time),
                new IndexNames("soc-2.tokens").alertsIndex(time)}) {
            var m = ILM_ORIGINATION_DATE.matcher(index);
            assertThat(m.matches()).as(index).isTrue();
        }
        assertThat(ILM_ORIGINATION_DATE.matcher(names.alertsIndex(time)).replaceAll("$1")).isEqualTo("2026.11.01");
    }

    @Test
    void aPrefixElasticsearchWouldRefuseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new IndexNames("Tokenwatch")).hasMessageContaining("lower case");
        assertThatThrownBy(() -> new IndexNames("-tw")).hasMessageContaining("-tw");
    }
}
