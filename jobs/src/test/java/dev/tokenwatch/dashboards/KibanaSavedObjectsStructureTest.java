package dev.tokenwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shape of the shipped Kibana saved objects ({@code dashboards/kibana/tokenwatch.ndjson}), as Kibana
 * 8.19 and 9.x read them through {@code POST /api/saved_objects/_import}. The rules come from Kibana's
 * source (paths are those of the 9.x tree; the 8.x tree has the same files under {@code src/plugins/...}
 * and {@code x-pack/plugins/...}):
 *
 * <ul>
 *   <li>Versions: {@code DocumentUpgradePipeline} (core saved-objects migration-server-internal,
 *       {@code document_migrator/pipelines/upgrade_pipeline.ts} and {@code utils.ts}) rejects a
 *       {@code coreMigrationVersion} newer than the running Kibana and a {@code typeMigrationVersion}
 *       newer than the type's last migration / namespace conversion (8.0.0), or its last model version
 *       (10.x) for types that have them. Older versions run every later migration, so the declared version
 *       must also match the shape the object is written in.
 *   <li>Attributes: after migrating, {@code bulkCreate} validates each object against the type's
 *       {@code schemas} / model-version {@code create} schema ({@code validator.ts}), and
 *       {@code @kbn/config-schema} objects forbid unknown keys unless told otherwise: visualization
 *       ({@code visualizations/server/saved_objects/visualization.ts}, schema 8.8.0), search
 *       ({@code saved_search/server/saved_objects/schema.ts}, SCHEMA_SEARCH_V8_8_0) and dashboard
 *       ({@code dashboard/server/dashboard_saved_object/schema/v1/v1.ts}).
 *   <li>References: every {@code *RefName} is resolved by name against {@code references} when the
 *       object is read (dashboard {@code injectReferences}, maps {@code common/migrations/references.ts},
 *       data plugin search source), and import fails with {@code missing_references} for a reference to
 *       an object that is neither in the file nor in Kibana.
 *   <li>Panels, vis types and map layers: dashboard panel converters, the vis type definitions in
 *       {@code vis_types/{xy,pie,table}} (all still shipped in 9.x), maps {@code common/constants.ts}.
 * </ul>
 */
public class KibanaSavedObjectsStructureTest {
    /** The oldest Kibana the file must import into; a coreMigrationVersion above it is refused there. */
    static final String OLDEST_KIBANA = "8.19.0";

    /**
     * The typeMigrationVersion range per type. max: the newest version Kibana 8.19 and 9.x know without
     * model versions (last legacy migration or the 8.0.0 namespace conversion); min: the version from which
     * on the shape we write is what Kibana expects (older declarations would run migrations meant for older
     * shapes).
     */
    record Versions(String min, String max) {}

    static final Map<String, Versions> TYPE_VERSIONS = Map.of(
            // data_views/server/saved_objects: migrations 6.5.0, 7.6.0, 7.11.0; convertToMultiNamespaceTypeVersion 8.0.0; no model versions
            "index-pattern", new Versions("7.11.0", "8.0.0"),
            // visualizations migrations run up to 8.5.0 (removeExclamationCircleIcon); references since 7.0.0
            "visualization", new Versions("7.0.0", "8.5.0"),
            // saved_search migrations 6.7.2..7.9.3 (sort as nested array since 7.4.0); conversion 8.0.0; then model versions
            "search", new Versions("7.4.0", "8.0.0"),
            // maps migrations up to 8.4.0; layer types renamed (VECTOR -> GEOJSON_VECTOR, ...) by the 8.1.0 migration
            "map", new Versions("8.1.0", "8.4.0"),
            // dashboard: panel references extracted by 7.11.0, by-value panel migrations after; model versions from 8.9
            "dashboard", new Versions("7.11.0", "8.7.0"));

    static final Set<String> TOP_LEVEL = Set.of("type", "id", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion");

    /** Attribute keys each type's schema (or, for types without one, its mappings) allows. */
    static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            // no schema in Kibana: attributes a data view saved object has
            "index-pattern", Set.of("title", "name", "timeFieldName", "fields", "fieldFormatMap", "fieldAttrs", "runtimeFieldMap",
                    "sourceFilters", "typeMeta", "type", "allowNoIndex", "allowHidden"),
            "visualization", Set.of("title", "description", "version", "kibanaSavedObjectMeta", "uiStateJSON", "visState", "savedSearchRefName"),
            "search", Set.of("title", "description", "columns", "sort", "grid", "rowHeight", "rowsPerPage", "hideChart", "breakdownField",
                    "kibanaSavedObjectMeta", "isTextBasedQuery", "usesAdHocDataView", "timeRestore", "timeRange", "refreshInterval",
                    "viewMode", "hideAggregatedPreview", "hits", "version"),
            // no schema in Kibana: the map type's mappings
            "map", Set.of("title", "description", "version", "mapStateJSON", "layerListJSON", "uiStateJSON"),
            "dashboard", Set.of("title", "description", "kibanaSavedObjectMeta", "timeRestore", "timeFrom", "timeTo", "refreshInterval",
                    "controlGroupInput", "panelsJSON", "optionsJSON", "hits", "version"));

    /** Aggregation-based vis types that Kibana 9.x still ships (vis_types/xy, pie, table), with their agg schemas. */
    static final Map<String, Set<String>> VIS_SCHEMAS = Map.of(
            "histogram", Set.of("metric", "radius", "segment", "group", "split"),
            "horizontal_bar", Set.of("metric", "radius", "segment", "group", "split"),
            "line", Set.of("metric", "radius", "segment", "group", "split"),
            "area", Set.of("metric", "radius", "segment", "group", "split"),
            "pie", Set.of("metric", "segment", "split"),
            "table", Set.of("metric", "bucket", "split"));
    static final Set<String> XY = Set.of("histogram", "horizontal_bar", "line", "area");
    /** xy params.type is a ChartType (vis_types/xy/common): horizontal_bar's default is "histogram". */
    static final Set<String> CHART_TYPES = Set.of("histogram", "line", "area");
    static final Set<String> AGG_TYPES = Set.of("count", "terms", "date_histogram", "histogram", "avg", "sum", "min", "max", "cardinality");

    static final Set<String> PANEL_KEYS = Set.of("version", "type", "gridData", "panelIndex", "embeddableConfig", "panelRefName", "title");
    static final Set<String> PANEL_REQUIRED = Set.of("type", "gridData", "panelIndex", "embeddableConfig", "panelRefName");
    static final Set<String> PANEL_TYPES = Set.of("visualization", "search", "map");
    static final Set<String> DASHBOARD_OPTIONS = Set.of("useMargins", "syncColors", "syncCursor", "syncTooltips", "hidePanelTitles");
    static final int GRID_COLUMNS = 48;

    // maps common/constants.ts
    static final Set<String> LAYER_TYPES = Set.of("RASTER_TILE", "GEOJSON_VECTOR", "EMS_VECTOR_TILE", "HEATMAP", "BLENDED_VECTOR", "MVT_VECTOR", "LAYER_GROUP");
    static final Set<String> SOURCE_TYPES = Set.of("EMS_TMS", "EMS_FILE", "ES_GEO_GRID", "ES_GEO_LINE", "ES_SEARCH", "ES_PEW_PEW", "EMS_XYZ", "WMS",
            "KIBANA_TILEMAP", "GEOJSON_FILE", "MVT_SINGLE_LAYER");
    static final Set<String> RENDER_AS = Set.of("heatmap", "point", "grid", "hex");
    static final Set<String> GRID_RESOLUTIONS = Set.of("COARSE", "FINE", "MOST_FINE", "SUPER_FINE");
    static final Set<String> MAP_METRICS = Set.of("avg", "count", "max", "min", "sum", "terms", "percentile", "cardinality");

    static final String INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    @Test
    void theShippedObjectsHaveTheStructureKibana819And9Import() throws IOException {
        List<JsonNode> objects = DashboardFieldsTest.objects();
        assertThat(objects).hasSizeGreaterThanOrEqualTo(30);
        assertThat(problems(objects)).isEmpty();
    }

    @Test
    void everyRuleCatchesWhatItIsAbout() throws IOException {
        Map<String, Consumer<Map<String, ObjectNode>>> mutations = new LinkedHashMap<>();
        mutations.put("params.type", m -> editJson(m.get("tw-open-alerts-by-rule"), "visState", v -> ((ObjectNode) v.path("params")).put("type", "horizontal_bar")));
        mutations.put("typeMigrationVersion 8.8.0", m -> m.get("tokenwatch-alerts").put("typeMigrationVersion", "8.8.0"));
        mutations.put("coreMigrationVersion 9.3.0", m -> m.get("tw-alerts-table").put("coreMigrationVersion", "9.3.0"));
        mutations.put("migrationVersion", m -> m.get("tw-alerts-table").putObject("migrationVersion").put("search", "8.0.0"));
        mutations.put("no reference named panel_3", m -> ((ArrayNode) m.get("tw-alert-triage").path("references")).remove(3));
        mutations.put("not in the file", m -> ((ObjectNode) m.get("tw-alerts-table").path("references").get(0)).put("id", "logs-*"));
        mutations.put("vis type input_control_vis", m -> editJson(m.get("tw-alerts-top-tokens"), "visState", v -> ((ObjectNode) v).put("type", "input_control_vis")));
        mutations.put("schema bucket", m -> editJson(m.get("tw-alerts-source-countries"), "visState", v -> ((ObjectNode) v.path("aggs").get(1)).put("schema", "bucket")));
        mutations.put("attribute savedSearchId", m -> ((ObjectNode) m.get("tw-alerts-top-users").path("attributes")).put("savedSearchId", "x"));
        mutations.put("lacks gridData", m -> editJson(m.get("tw-token-activity"), "panelsJSON", p -> ((ObjectNode) p.get(0)).remove("gridData")));
        mutations.put("overlaps", m -> editJson(m.get("tw-token-activity"), "panelsJSON", p -> ((ObjectNode) p.get(1).path("gridData")).put("x", 0).put("y", 0)));
        mutations.put("x + w", m -> editJson(m.get("tw-alert-triage"), "panelsJSON", p -> ((ObjectNode) p.get(1).path("gridData")).put("w", 20)));
        mutations.put("raw id", m -> editJson(m.get("tw-alert-triage"), "panelsJSON", p -> ((ObjectNode) p.get(0)).put("id", "tw-open-alerts-over-time")));
        mutations.put("layer type VECTOR", m -> editJson(m.get("tw-alerts-source-map"), "layerListJSON", l -> ((ObjectNode) l.get(1)).put("type", "VECTOR")));
        mutations.put("MVT_VECTOR", m -> editJson(m.get("tw-alerts-source-map"), "layerListJSON", l -> ((ObjectNode) l.get(1).path("sourceDescriptor")).put("resolution", "SUPER_FINE")));
        mutations.put("addLegend", m -> m.get("tw-token-countries").put("typeMigrationVersion", "8.1.0"));
        mutations.put("index in searchSourceJSON", m -> {
            ObjectNode meta = (ObjectNode) m.get("tw-token-lifecycle").path("attributes").path("kibanaSavedObjectMeta");
            meta.put("searchSourceJSON", "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[],\"index\":\"tokenwatch-events\"}");
        });
        for (Map.Entry<String, Consumer<Map<String, ObjectNode>>> mutation : mutations.entrySet()) {
            Map<String, ObjectNode> byId = new LinkedHashMap<>();
            for (JsonNode o : DashboardFieldsTest.objects()) byId.put(o.path("id").asText(), (ObjectNode) o);
            mutation.getValue().accept(byId);
            assertThat(problems(new ArrayList<>(byId.values()))).as(mutation.getKey())
                    .anySatisfy(p -> assertThat(p).contains(mutation.getKey()));
        }
    }

    static List<String> problems(List<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        Map<String, String> typeOf = new HashMap<>(); // id -> type
        for (JsonNode o : objects) {
            String key = o.path("type").asText() + "/" + o.path("id").asText();
            if (typeOf.put(o.path("id").asText(), o.path("type").asText()) != null) problems.add(key + ": id used twice");
        }
        for (JsonNode o : objects) {
            Check c = new Check(o.path("type").asText() + " " + o.path("id").asText(), problems);
            try {
                object(o, typeOf, c);
            } catch (IOException | RuntimeException e) {
                c.fail("cannot be read: " + e);
            }
        }
        return problems;
    }

    private record Check(String name, List<String> problems) {
        void fail(String problem) {
            problems.add(name + ": " + problem);
        }

        void require(boolean ok, String problem) {
            if (!ok) fail(problem);
        }
    }

    private static void object(JsonNode o, Map<String, String> typeOf, Check c) throws IOException {
        String type = o.path("type").asText();
        fieldsWithin(o, TOP_LEVEL, "top-level key", c);
        c.require(o.path("id").asText().matches("[a-z0-9][a-z0-9-]*"), "id " + o.path("id") + " is not a stable lower-case id");
        versions(o, type, c);

        JsonNode attributes = o.path("attributes");
        Set<String> allowed = ATTRIBUTES.get(type);
        if (allowed == null) {
            c.fail("type " + type + " is not one we ship");
            return;
        }
        fieldsWithin(attributes, allowed, "attribute", c);
        c.require(attributes.path("title").isTextual() && !attributes.path("title").asText().isBlank(), "attribute title is required");

        Map<String, JsonNode> references = new LinkedHashMap<>();
        for (JsonNode r : o.path("references")) {
            String name = r.path("name").asText();
            c.require(!name.isEmpty() && r.path("type").isTextual() && r.path("id").isTextual(), "reference without name, type or id: " + r);
            if (references.put(name, r) != null) c.fail("reference name " + name + " used twice");
            String target = typeOf.get(r.path("id").asText());
            if (target == null) c.fail("reference " + name + " points at " + r.path("type").asText() + " " + r.path("id").asText() + ", which is not in the file");
            else c.require(target.equals(r.path("type").asText()), "reference " + name + " says type " + r.path("type").asText() + " but " + r.path("id").asText() + " is a " + target);
        }
        // every *RefName anywhere in the attributes (JSON strings included) has its reference, and every reference is used
        Map<String, String> refNames = new LinkedHashMap<>(); // ref name -> attribute key holding it
        collectRefNames(attributes, "", refNames);
        refNames.forEach((ref, where) -> c.require(references.containsKey(ref), where + " names " + ref + " but there is no reference named " + ref));
        for (String name : references.keySet()) c.require(refNames.containsKey(name), "reference " + name + " is not used by any *RefName");

        if (attributes.has("kibanaSavedObjectMeta")) searchSource(attributes, type, references, c);
        switch (type) {
            case "index-pattern" -> c.require(!attributes.has("timeFieldName") || attributes.path("timeFieldName").isTextual(),
                    "timeFieldName must be a field name (or absent, for a data view without time)");
            case "visualization" -> visualization(o, attributes, references, c);
            case "search" -> search(attributes, c);
            case "map" -> map(attributes, references, c);
            case "dashboard" -> dashboard(attributes, references, c);
            default -> { }
        }
    }

    private static void versions(JsonNode o, String type, Check c) {
        c.require(!o.has("migrationVersion"), "has legacy migrationVersion: declare typeMigrationVersion only");
        String core = o.path("coreMigrationVersion").asText();
        if (!SEMVER.matcher(core).matches()) c.fail("coreMigrationVersion " + core + " is not x.y.z");
        else c.require(compare(core, OLDEST_KIBANA) <= 0, "coreMigrationVersion " + core + " is newer than Kibana " + OLDEST_KIBANA + ", which refuses it");
        String declared = o.path("typeMigrationVersion").asText();
        Versions range = TYPE_VERSIONS.get(type);
        if (!SEMVER.matcher(declared).matches()) c.fail("typeMigrationVersion " + declared + " is not x.y.z");
        else if (range != null) {
            c.require(compare(declared, range.max()) <= 0, "typeMigrationVersion " + declared + " is newer than the " + range.max() + " Kibana accepts for " + type);
            c.require(compare(declared, range.min()) >= 0, "typeMigrationVersion " + declared + " is older than " + range.min()
                    + ": Kibana would run migrations for an older shape of " + type);
        }
    }

    private static void searchSource(JsonNode attributes, String type, Map<String, JsonNode> references, Check c) throws IOException {
        JsonNode meta = attributes.path("kibanaSavedObjectMeta");
        fieldsWithin(meta, Set.of("searchSourceJSON"), "kibanaSavedObjectMeta key", c);
        if (!meta.path("searchSourceJSON").isTextual()) {
            c.fail("kibanaSavedObjectMeta.searchSourceJSON must be a JSON string");
            return;
        }
        JsonNode source = Json.MAPPER.readTree(meta.path("searchSourceJSON").asText());
        c.require(!source.has("index"), "raw index in searchSourceJSON: use indexRefName and a reference, import does not rewrite ids in attributes");
        JsonNode query = source.path("query");
        c.require(query.path("query").isTextual() && Set.of("kuery", "lucene").contains(query.path("language").asText()),
                "searchSourceJSON.query needs query and language kuery|lucene");
        c.require(source.path("filter").isArray(), "searchSourceJSON.filter must be an array");
        for (JsonNode f : source.path("filter")) c.require(!f.path("meta").has("index"), "raw meta.index in a filter");
        boolean needsIndex = !type.equals("dashboard");
        if (needsIndex) {
            c.require(INDEX_REF.equals(source.path("indexRefName").asText()), "searchSourceJSON.indexRefName must be " + INDEX_REF);
            JsonNode ref = references.get(INDEX_REF);
            c.require(ref != null && ref.path("type").asText().equals("index-pattern"), "reference " + INDEX_REF + " must be an index-pattern");
        }
    }

    private static void visualization(JsonNode o, JsonNode attributes, Map<String, JsonNode> references, Check c) throws IOException {
        JsonNode vis = Json.MAPPER.readTree(attributes.path("visState").asText());
        fieldsWithin(vis, Set.of("title", "type", "params", "aggs"), "visState key", c);
        String visType = vis.path("type").asText();
        Set<String> schemas = VIS_SCHEMAS.get(visType);
        if (schemas == null) {
            c.fail("vis type " + visType + " is not one of " + VIS_SCHEMAS.keySet() + " (kept in Kibana 9.x)");
            return;
        }
        c.require(vis.path("title").asText().equals(attributes.path("title").asText()), "visState.title differs from the title");
        c.require(vis.path("params").isObject(), "visState.params must be an object");
        JsonNode ui = Json.MAPPER.readTree(attributes.path("uiStateJSON").asText("{}"));
        c.require(ui.isObject(), "uiStateJSON must be a JSON object");
        if (attributes.has("savedSearchRefName")) {
            JsonNode ref = references.get(attributes.path("savedSearchRefName").asText());
            c.require(ref != null && ref.path("type").asText().equals("search"), "savedSearchRefName must name a reference to a search");
        }

        Set<String> ids = new HashSet<>();
        Set<String> metricIds = new HashSet<>();
        c.require(vis.path("aggs").isArray() && !vis.path("aggs").isEmpty(), "visState.aggs must not be empty");
        for (JsonNode agg : vis.path("aggs")) {
            String id = agg.path("id").asText();
            c.require(agg.path("id").isTextual() && ids.add(id), "agg id " + agg.path("id") + " must be a unique string");
            c.require(agg.path("enabled").isBoolean(), "agg " + id + " needs enabled");
            c.require(AGG_TYPES.contains(agg.path("type").asText()), "agg " + id + " type " + agg.path("type").asText() + " is not one we use");
            String schema = agg.path("schema").asText();
            c.require(schemas.contains(schema), "agg " + id + " schema " + schema + " is not one of " + visType + "'s " + schemas);
            c.require(agg.path("params").isObject(), "agg " + id + " needs params");
            if (!agg.path("type").asText().equals("count")) c.require(agg.path("params").path("field").isTextual(), "agg " + id + " needs a field");
            if (schema.equals("metric")) metricIds.add(id);
        }
        c.require(!metricIds.isEmpty(), "needs a metric agg");

        JsonNode params = vis.path("params");
        String declared = o.path("typeMigrationVersion").asText();
        if (XY.contains(visType)) {
            c.require(CHART_TYPES.contains(params.path("type").asText()),
                    "params.type " + params.path("type").asText() + " is not a ChartType " + CHART_TYPES + " (horizontal_bar uses histogram)");
            if (params.has("seriesParams")) {
                for (JsonNode s : params.path("seriesParams")) c.require(metricIds.contains(s.path("data").path("id").asText()), "seriesParams names an agg that is not a metric");
            } else {
                // Vis.getParams fills missing params from the type's defaults, whose seriesParams chart agg "1"
                c.require(metricIds.contains("1"), "without seriesParams the metric agg must have id 1");
            }
            // 7.12.0 migrateVislibAreaLineBarTypes adds isVislibVis, detailedTooltip and the palette
            if (!params.has("isVislibVis")) c.require(compare(declared, "7.12.0") < 0, "xy params without isVislibVis need typeMigrationVersion < 7.12.0");
        }
        if (visType.equals("pie") && params.has("addLegend")) {
            // 8.1.0 updatePieVisApi turns addLegend into legendDisplay
            c.require(compare(declared, "8.1.0") < 0, "pie params with addLegend need typeMigrationVersion < 8.1.0");
        }
        if (visType.equals("table") && !params.has("showToolbar")) {
            // 7.11.0 enableDataTableVisToolbar sets showToolbar
            c.require(compare(declared, "7.11.0") < 0, "table params without showToolbar need typeMigrationVersion < 7.11.0");
        }
    }

    private static void search(JsonNode attributes, Check c) {
        c.require(attributes.path("columns").isArray(), "columns must be an array");
        for (JsonNode col : attributes.path("columns")) c.require(col.isTextual(), "columns must be strings");
        for (JsonNode s : attributes.path("sort")) {
            c.require(s.isArray() && s.size() == 2 && s.get(0).isTextual() && Set.of("asc", "desc").contains(s.get(1).asText()),
                    "sort entries must be [field, asc|desc]: " + s);
        }
    }

    private static void map(JsonNode attributes, Map<String, JsonNode> references, Check c) throws IOException {
        JsonNode state = Json.MAPPER.readTree(attributes.path("mapStateJSON").asText("{}"));
        c.require(state.path("center").path("lat").isNumber() && state.path("center").path("lon").isNumber() && state.path("zoom").isNumber(),
                "mapStateJSON needs center.lat, center.lon and zoom (the map reads them unguarded)");
        JsonNode layers = Json.MAPPER.readTree(attributes.path("layerListJSON").asText("[]"));
        c.require(layers.isArray() && !layers.isEmpty(), "layerListJSON must be a non-empty array");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            String layerType = layer.path("type").asText();
            JsonNode source = layer.path("sourceDescriptor");
            String sourceType = source.path("type").asText();
            c.require(ids.add(layer.path("id").asText()), "layer id " + layer.path("id") + " used twice");
            c.require(LAYER_TYPES.contains(layerType), "layer type " + layerType + " is not one of " + LAYER_TYPES);
            c.require(SOURCE_TYPES.contains(sourceType), "source type " + sourceType + " is not one of " + SOURCE_TYPES);
            c.require(!source.has("indexPatternId"), "raw indexPatternId in layer " + i + ": use indexPatternRefName");
            if (source.has("indexPatternRefName")) {
                String ref = source.path("indexPatternRefName").asText();
                c.require(ref.equals("layer_" + i + "_source_index_pattern"), "layer " + i + " indexPatternRefName should be layer_" + i + "_source_index_pattern");
                JsonNode r = references.get(ref);
                c.require(r != null && r.path("type").asText().equals("index-pattern"), "layer " + i + " needs an index-pattern reference " + ref);
            }
            if (layerType.equals("EMS_VECTOR_TILE")) c.require(sourceType.equals("EMS_TMS"), "EMS_VECTOR_TILE layer needs an EMS_TMS source");
            if (sourceType.equals("ES_GEO_GRID")) {
                String renderAs = source.path("requestType").asText();
                String resolution = source.path("resolution").asText();
                c.require(source.path("geoField").isTextual(), "ES_GEO_GRID needs geoField");
                c.require(source.path("id").isTextual(), "ES_GEO_GRID needs a source id");
                c.require(RENDER_AS.contains(renderAs), "requestType " + renderAs + " is not one of " + RENDER_AS);
                c.require(GRID_RESOLUTIONS.contains(resolution), "resolution " + resolution + " is not one of " + GRID_RESOLUTIONS);
                c.require(source.path("indexPatternRefName").isTextual(), "ES_GEO_GRID needs indexPatternRefName");
                c.require(source.path("metrics").isArray() && !source.path("metrics").isEmpty(), "ES_GEO_GRID needs metrics");
                for (JsonNode m : source.path("metrics")) c.require(MAP_METRICS.contains(m.path("type").asText()), "map metric " + m.path("type") + " unknown");
                // es_geo_grid_source/is_mvt.ts: heatmap and hex are tiled, point and grid only at SUPER_FINE
                String expected = renderAs.equals("heatmap") ? "HEATMAP"
                        : renderAs.equals("hex") || resolution.equals("SUPER_FINE") ? "MVT_VECTOR" : "GEOJSON_VECTOR";
                c.require(layerType.equals(expected), "a " + renderAs + "/" + resolution + " grid needs layer type " + expected + ", not " + layerType);
                c.require(layer.path("style").path("type").asText().equals(expected.equals("HEATMAP") ? "HEATMAP" : "VECTOR"), "layer " + i + " style type");
            }
        }
    }

    private static void dashboard(JsonNode attributes, Map<String, JsonNode> references, Check c) throws IOException {
        JsonNode options = Json.MAPPER.readTree(attributes.path("optionsJSON").asText("{}"));
        fieldsWithin(options, DASHBOARD_OPTIONS, "optionsJSON key", c);
        options.fields().forEachRemaining(e -> c.require(e.getValue().isBoolean(), "optionsJSON." + e.getKey() + " must be a boolean"));
        if (attributes.path("timeRestore").asBoolean(false)) {
            c.require(attributes.path("timeFrom").isTextual() && attributes.path("timeTo").isTextual(), "timeRestore needs timeFrom and timeTo");
        }
        JsonNode panels = Json.MAPPER.readTree(attributes.path("panelsJSON").asText("[]"));
        c.require(panels.isArray() && !panels.isEmpty(), "panelsJSON must be a non-empty array");
        Set<String> indexes = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : panels) {
            String index = panel.path("panelIndex").asText();
            String p = "panel " + index;
            c.require(!panel.has("id"), p + " has a raw id: use panelRefName and a reference");
            fieldsWithin(panel, PANEL_KEYS, p + " key", c);
            for (String required : PANEL_REQUIRED) c.require(panel.has(required), p + " lacks " + required);
            c.require(panel.path("panelIndex").isTextual() && indexes.add(index), p + ": panelIndex must be a unique string");
            c.require(PANEL_TYPES.contains(panel.path("type").asText()), p + " type " + panel.path("type").asText() + " is not one of " + PANEL_TYPES);
            c.require(panel.path("embeddableConfig").isObject(), p + " embeddableConfig must be an object");
            if (panel.has("version")) {
                String v = panel.path("version").asText();
                c.require(SEMVER.matcher(v).matches() && compare(v, OLDEST_KIBANA) <= 0, p + " version " + v + " must be x.y.z, at most " + OLDEST_KIBANA);
            }
            JsonNode ref = references.get(panel.path("panelRefName").asText());
            if (ref != null) c.require(ref.path("type").asText().equals(panel.path("type").asText()), p + " type differs from its reference's type");
            JsonNode grid = panel.path("gridData");
            if (!grid.isObject()) continue;
            fieldsWithin(grid, Set.of("x", "y", "w", "h", "i"), p + " gridData key", c);
            c.require(grid.path("i").asText().equals(index), p + " gridData.i must equal panelIndex");
            int x = grid.path("x").asInt(-1), y = grid.path("y").asInt(-1), w = grid.path("w").asInt(0), h = grid.path("h").asInt(0);
            c.require(grid.path("x").isInt() && grid.path("y").isInt() && grid.path("w").isInt() && grid.path("h").isInt(), p + " gridData x, y, w, h must be integers");
            c.require(x >= 0 && y >= 0 && w >= 1 && h >= 1, p + " gridData out of range");
            c.require(x + w <= GRID_COLUMNS, p + " gridData x + w = " + (x + w) + " is wider than the " + GRID_COLUMNS + " grid columns");
            for (int[] b : boxes) {
                if (x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h) c.fail(p + " overlaps another panel");
            }
            boxes.add(new int[] {x, y, w, h});
        }
    }

    private static void collectRefNames(JsonNode node, String where, Map<String, String> out) throws IOException {
        if (node.isTextual()) {
            String text = node.asText().strip();
            if ((text.startsWith("{") || text.startsWith("[")) && text.contains("RefName")) collectRefNames(Json.MAPPER.readTree(text), where, out);
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
                if (e.getKey().endsWith("RefName") && e.getValue().isTextual()) out.put(e.getValue().asText(), at);
                else collectRefNames(e.getValue(), at, out);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) collectRefNames(n, where, out);
        }
    }

    private static void fieldsWithin(JsonNode node, Set<String> allowed, String what, Check c) {
        node.fieldNames().forEachRemaining(f -> c.require(allowed.contains(f), what + " " + f + " is not one Kibana accepts here " + allowed));
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int d = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (d != 0) return d;
        }
        return 0;
    }

    private static void editJson(ObjectNode object, String attribute, Consumer<JsonNode> edit) {
        try {
            ObjectNode attributes = (ObjectNode) object.path("attributes");
            JsonNode value = Json.MAPPER.readTree(attributes.path(attribute).asText());
            edit.accept(value);
            attributes.put(attribute, Json.MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
