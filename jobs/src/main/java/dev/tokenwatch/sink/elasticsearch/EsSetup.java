package dev.tokenwatch.sink.elasticsearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Installs what the indices rely on, from the JSON shipped in {@code dashboards/elasticsearch/}:
 * the lifecycle policies (when the cluster has ILM), the shared ECS component template and the events
 * and alerts index templates (with their aliases). Every step is a PUT of the full definition, so
 * running it again changes nothing, and after an upgrade it brings the definitions up to date.
 */
public final class EsSetup {
    public static final String RESOURCES = "tokenwatch/dashboards/elasticsearch/";
    private static final Pattern RETENTION = Pattern.compile("[1-9][0-9]{0,5}[dh]");

    private final RestClient rest;
    private final IndexNames names;

    public EsSetup(RestClient rest, IndexNames names) {
        this.rest = rest;
        this.names = names;
    }

    public static void checkRetention(String retention, String option) {
        if (!RETENTION.matcher(retention).matches()) {
            throw new IllegalArgumentException(option + " must be a number of days or hours such as 90d or 36h: " + retention);
        }
    }

    /** Installs everything; returns one line per step for the console. */
    public List<String> install(String eventsRetention, String alertsRetention) throws IOException {
        checkRetention(eventsRetention, "events retention");
        checkRetention(alertsRetention, "alerts retention");
        List<String> done = new ArrayList<>();
        boolean ilm = ilmAvailable();
        if (ilm) {
            put("/_ilm/policy/" + names.eventsPolicy(), lifecyclePolicy(eventsRetention));
            done.add("lifecycle policy " + names.eventsPolicy() + " (delete after " + eventsRetention + ")");
            put("/_ilm/policy/" + names.alertsPolicy(), lifecyclePolicy(alertsRetention));
            done.add("lifecycle policy " + names.alertsPolicy() + " (delete after " + alertsRetention + ")");
        } else {
            done.add("no index lifecycle management on this cluster: retention is not enforced (delete old "
                    + names.eventsPattern() + " indices yourself)");
        }
        put("/_component_template/" + names.commonComponent(), resource("component-template-ecs-entities.json"));
        done.add("component template " + names.commonComponent());
        put("/_index_template/" + names.eventsTemplate(), indexTemplate("index-template-events.json", ilm ? names.eventsPolicy() : null));
        done.add("index template " + names.eventsTemplate() + " for " + names.eventsPattern() + " (alias " + names.eventsAlias() + ")");
        put("/_index_template/" + names.alertsTemplate(), indexTemplate("index-template-alerts.json", ilm ? names.alertsPolicy() : null));
        done.add("index template " + names.alertsTemplate() + " for " + names.alertsPattern() + " (alias " + names.alertsAlias() + ")");
        put("/_index_template/" + names.tokensTemplate(), resource("index-template-tokens.json"));
        done.add("index template " + names.tokensTemplate() + " for the token inventory " + names.tokensIndex());
        return done;
    }

    /** True when the index templates exist (what {@code run} and {@code replay} check before writing). */
    public boolean installed() throws IOException {
        return exists("/_index_template/" + names.eventsTemplate()) && exists("/_index_template/" + names.alertsTemplate())
                && exists("/_index_template/" + names.tokensTemplate());
    }

    boolean ilmAvailable() throws IOException {
        try {
            rest.performRequest(new Request("GET", "/_ilm/status"));
            return true;
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 400 || status == 404 || status == 405 || status == 410) return false;
            throw e;
        }
    }

    /** The policy that deletes an index {@code retention} after the date in its name. */
    String lifecyclePolicy(String retention) {
        return resource("ilm-policy.json").replace("{{retention}}", retention);
    }

    String indexTemplate(String file, String policy) throws IOException {
        String json = resource(file);
        if (policy == null) return json;
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(json);
        ObjectNode settings = (ObjectNode) root.with("template").with("settings");
        settings.put("index.lifecycle.name", policy);
        settings.put("index.lifecycle.parse_origination_date", true);
        return root.toString();
    }

    private boolean exists(String path) throws IOException {
        // The low-level client returns a HEAD's 404 as a response, not as a ResponseException.
        return rest.performRequest(new Request("HEAD", path)).getStatusLine().getStatusCode() == 200;
    }

    private void put(String path, String body) throws IOException {
        Request request = new Request("PUT", path);
        request.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
        rest.performRequest(request);
    }

    /** A shipped definition with the index prefix filled in. */
    String resource(String file) {
        try (InputStream in = EsSetup.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCES + file + " (is the jar built from this checkout?)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{prefix}}", names.prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
