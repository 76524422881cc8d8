package dev.tokenwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts a job indexed into Elasticsearch ({@code PREFIX-alerts}), read as a search shows them, in the shape of
 * {@link AlertLines#latest} so they compare with an alerts file or a replay. Each read refreshes first, so what the
 * job has written shows.
 */
public final class AlertsIndex {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String url;
    private final String alias;

    public AlertsIndex(String esUrl, String indexPrefix) {
        this.url = esUrl;
        this.alias = indexPrefix + "-alerts";
    }

    /** alert.id → {@link AlertLines#version} of its document; empty before the first alert is indexed. */
    public Map<String, String> latest() {
        Map<String, String> latest = new TreeMap<>();
        JsonNode result = refreshedThen("/_search", "{\"size\":10000,\"query\":{\"match_all\":{}}}");
        for (JsonNode hit : result.path("hits").path("hits")) {
            JsonNode alert = hit.path("_source");
            latest.put(alert.path("alert").path("id").asText(), AlertLines.version(alert));
        }
        return latest;
    }

    /** How many documents the alerts hold: one per alert id, unless an id was indexed twice (into two indices). */
    public long documents() {
        return refreshedThen("/_count", "{\"query\":{\"match_all\":{}}}").path("count").asLong();
    }

    /** The answer of {@code endpoint} on the alerts, an empty object while no alerts index exists yet. */
    private JsonNode refreshedThen(String endpoint, String body) {
        HttpResponse<String> refresh = post("/_refresh", "");
        if (refresh.statusCode() == 404) return Json.MAPPER.createObjectNode();
        HttpResponse<String> response = post(endpoint, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(alias + endpoint + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> post(String endpoint, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + alias + endpoint)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Elasticsearch", e);
        }
    }
}
