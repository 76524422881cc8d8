package dev.tokenwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.TestRules;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's structure: importable anywhere (its Prometheus data source is a variable, not a uid of this
 * machine), panels that do not overlap, every target a query. That each queried metric exists is MetricsIT's check.
 */
class GrafanaDashboardTest {
    @Test
    void theDashboardIsImportableWithAnyPrometheus() throws Exception {
        JsonNode d = Json.MAPPER.readTree(TestRules.repoRoot().resolve("dashboards/grafana/tokenwatch.json").toFile());

        assertThat(d.path("uid").asText()).isEqualTo("tokenwatch");
        assertThat(d.path("id").isNull()).as("no database id of another Grafana").isTrue();
        JsonNode datasource = null;
        for (JsonNode v : d.path("templating").path("list")) if (v.path("type").asText().equals("datasource")) datasource = v;
        assertThat(datasource).isNotNull();
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        String variable = "${" + datasource.path("name").asText() + "}";

        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        int targets = 0;
        for (JsonNode panel : d.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(), y = grid.path("y").asInt(), w = grid.path("w").asInt(), h = grid.path("h").asInt();
            assertThat(x + w).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
            for (int i = x; i < x + w; i++) {
                for (int j = y; j < y + h; j++) assertThat(cells.add(i + "," + j)).as("overlap at " + panel.path("title").asText()).isTrue();
            }
            if (panel.path("type").asText().equals("row")) continue;
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(variable);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(variable);
                targets++;
            }
        }
        assertThat(targets).isGreaterThan(20);
    }
}
