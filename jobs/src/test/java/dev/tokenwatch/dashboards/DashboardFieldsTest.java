package dev.tokenwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every field a shipped Kibana object uses exists in the index templates its data view covers, with
 * a type that use needs: terms on keyword/ip/numbers (never analysed text), histograms on dates,
 * maps on geo_point. And every field of the event schema is mapped explicitly.
 */
public class DashboardFieldsTest {
    private static final Path DASHBOARDS = TestRules.repoRoot().resolve("dashboards");
    private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z@_][\\w.@]*)\\s*(?::|<=?|>=?)");
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "ip", "long", "integer", "float", "double", "date", "boolean");

    @Test
    void everyFieldTheDashboardsUseIsMappedWithASuitableType() throws IOException {
        Map<String, Map<String, String>> byDataView = Map.of(
                "tokenwatch-alerts", mapping("index-template-alerts.json"),
                "tokenwatch-events", mapping("index-template-events.json"),
                "tokenwatch-tokens", mapping("index-template-tokens.json"));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        List<JsonNode> objects = objects();
        assertThat(objects).extracting(o -> o.path("type").asText())
                .contains("index-pattern", "visualization", "search", "map", "dashboard");
        for (JsonNode o : objects) {
            String name = o.path("type").asText() + " " + o.path("id").asText();
            JsonNode attributes = o.path("attributes");
            List<String[]> uses = new ArrayList<>(); // {field, need}
            String view = null;
            for (JsonNode ref : o.path("references")) if (ref.path("type").asText().equals("index-pattern")) view = ref.path("id").asText();
            switch (o.path("type").asText()) {
                case "index-pattern" -> {
                    view = o.path("id").asText();
                    // the token inventory has no time field: it is one document per token, as it is now
                    if (attributes.has("timeFieldName")) uses.add(new String[] {attributes.path("timeFieldName").asText(), "date"});
                    Json.MAPPER.readTree(attributes.path("fieldFormatMap").asText("{}")).fieldNames().forEachRemaining(f -> uses.add(new String[] {f, "any"}));
                    assertThat(attributes.path("title").asText()).as(name).isEqualTo(indexPattern(view));
                }
                case "visualization" -> {
                    JsonNode state = Json.MAPPER.readTree(attributes.path("visState").asText());
                    for (JsonNode agg : state.path("aggs")) {
                        String field = agg.path("params").path("field").asText(null);
                        if (field == null) continue;
                        uses.add(new String[] {field, agg.path("type").asText().equals("date_histogram") ? "date" : "aggregatable"});
                    }
                    kql(searchSource(attributes).path("query").path("query").asText(), uses);
                }
                case "search" -> {
                    for (JsonNode c : attributes.path("columns")) uses.add(new String[] {c.asText(), "any"});
                    for (JsonNode s : attributes.path("sort")) uses.add(new String[] {s.get(0).asText(), "date"});
                    kql(searchSource(attributes).path("query").path("query").asText(), uses);
                }
                case "map" -> {
                    for (JsonNode layer : Json.MAPPER.readTree(attributes.path("layerListJSON").asText())) {
                        String geo = layer.path("sourceDescriptor").path("geoField").asText(null);
                        if (geo != null) uses.add(new String[] {geo, "geo_point"});
                        kql(layer.path("query").path("query").asText(), uses);
                    }
                }
                case "dashboard" -> {
                    kql(searchSource(attributes).path("query").path("query").asText(), uses);
                    assertThat(Json.MAPPER.readTree(attributes.path("panelsJSON").asText()).size())
                            .as(name).isEqualTo(o.path("references").size());
                    continue;
                }
                default -> problems.add(name + ": unexpected type");
            }
            Map<String, String> fields = byDataView.get(view);
            if (fields == null) {
                problems.add(name + ": no data view of ours (" + view + ")");
                continue;
            }
            for (String[] use : uses) {
                checked++;
                String type = fields.get(use[0]);
                boolean ok = type != null && switch (use[1]) {
                    case "date" -> type.equals("date");
                    case "geo_point" -> type.equals("geo_point");
                    case "aggregatable" -> AGGREGATABLE.contains(type);
                    default -> true;
                };
                if (!ok) problems.add(name + ": field " + use[0] + " is " + (type == null ? "not mapped" : type) + " in " + view + ", needs " + use[1]);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void everyEventFieldIsMappedExplicitly() throws IOException {
        Map<String, String> events = mapping("index-template-events.json");
        for (EventField f : EventField.values()) {
            String path = f == EventField.SOURCE_LAT || f == EventField.SOURCE_LON ? "source.geo.location" : f.path;
            assertThat(events).as(f.path).containsKey(path);
        }
        assertThat(events).containsEntry("source.ip", "ip").containsEntry("source.geo.location", "geo_point")
                .containsEntry("@timestamp", "date").containsEntry("source.as.number", "long").containsEntry("token.id", "keyword");
        Map<String, String> alerts = mapping("index-template-alerts.json");
        assertThat(alerts).containsEntry("alert.status", "keyword").containsEntry("alert.count", "long")
                .containsEntry("alert.last_seen", "date").containsEntry("alert.id", "keyword").containsEntry("event.ids", "keyword");
    }

    /** The index pattern of the template named after the data view, as {@code es setup} installs it with the default prefix. */
    private static String indexPattern(String view) throws IOException {
        return read("index-template-" + view.replace("tokenwatch-", "") + ".json").path("index_patterns").get(0).asText()
                .replace("{{prefix}}", "tokenwatch");
    }

    private static void kql(String query, List<String[]> uses) {
        Matcher m = KQL_FIELD.matcher(query);
        while (m.find()) uses.add(new String[] {m.group(1), "aggregatable"});
    }

    private static JsonNode searchSource(JsonNode attributes) throws IOException {
        return Json.MAPPER.readTree(attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}"));
    }

    public static List<JsonNode> objects() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(DASHBOARDS.resolve("kibana/tokenwatch.ndjson"))) {
            if (!line.isBlank()) out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    /** Field path → type for an index template with the component templates it is composed of. */
    static Map<String, String> mapping(String indexTemplate) throws IOException {
        JsonNode template = read(indexTemplate);
        Map<String, String> fields = new TreeMap<>();
        for (JsonNode component : template.path("composed_of")) {
            String file = "component-template-" + component.asText().replace("{{prefix}}-", "") + ".json";
            flatten("", read(file).path("template").path("mappings").path("properties"), fields);
        }
        flatten("", template.path("template").path("mappings").path("properties"), fields);
        return fields;
    }

    private static JsonNode read(String file) throws IOException {
        return Json.MAPPER.readTree(DASHBOARDS.resolve("elasticsearch").resolve(file).toFile());
    }

    private static void flatten(String prefix, JsonNode properties, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                flatten(path + ".", def.path("properties"), out);
            } else {
                out.put(path, def.path("type").asText("object"));
                Map<String, String> multi = new LinkedHashMap<>();
                def.path("fields").fields().forEachRemaining(f -> multi.put(path + "." + f.getKey(), f.getValue().path("type").asText()));
                out.putAll(multi);
            }
        }
    }
}
