package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Imports the shipped Kibana saved objects ({@code dashboards/kibana/tokenwatch.ndjson}) through Kibana's
 * saved-objects import API, overwriting earlier versions of the same objects (same ids), so running
 * it again updates instead of duplicating.
 */
final class KibanaImport {
    static final String RESOURCE = "tokenwatch/dashboards/kibana/tokenwatch.ndjson";

    record Result(boolean success, int imported, List<String> errors) {}

    private final URI kibana;
    private final String space;
    private final String authorization;
    private final HttpClient http;

    /** @param authorization the Authorization header value, or null */
    KibanaImport(URI kibana, String space, String authorization, HttpClient http) {
        this.kibana = kibana;
        this.space = space;
        this.authorization = authorization;
        this.http = http;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] shippedObjects() throws IOException {
        try (InputStream in = KibanaImport.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("missing resource " + RESOURCE);
            return in.readAllBytes();
        }
    }

    URI endpoint() {
        String base = kibana.toString().replaceAll("/+$", "");
        String prefix = space == null || space.isBlank() || space.equals("default") ? "" : "/s/" + space;
        return URI.create(base + prefix + "/api/saved_objects/_import?overwrite=true");
    }

    Result importObjects(byte[] ndjson) throws IOException, InterruptedException {
        String boundary = "tokenwatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tokenwatch.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(ndjson);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .timeout(Duration.ofSeconds(60))
                .header("kbn-xsrf", "tokenwatch")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) request.header("Authorization", authorization);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) throw new IOException("Kibana rejected the credentials (401)");
        if (response.statusCode() == 403) throw new IOException("Kibana: this user may not import saved objects (403)");
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Kibana answered " + response.statusCode() + ": " + cut(response.body()));
        }
        JsonNode result = Json.MAPPER.readTree(response.body());
        List<String> errors = new ArrayList<>();
        for (JsonNode e : result.path("errors")) {
            JsonNode error = e.path("error");
            StringBuilder line = new StringBuilder(e.path("type").asText() + " " + e.path("id").asText() + ": " + error.path("type").asText());
            if (error.has("message")) line.append(' ').append(error.path("message").asText());
            // missing_references names what is missing, e.g. a data view deleted in Kibana or an object not in the file.
            for (JsonNode ref : error.path("references")) line.append(" [").append(ref.path("type").asText()).append(' ').append(ref.path("id").asText()).append(']');
            errors.add(line.toString());
        }
        return new Result(result.path("success").asBoolean(false), result.path("successCount").asInt(), errors);
    }

    private static String cut(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
