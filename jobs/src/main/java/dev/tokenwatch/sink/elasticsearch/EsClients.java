package dev.tokenwatch.sink.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.tokenwatch.event.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds clients from {@link EsSettings} and checks, at start-up, that the cluster answers and accepts the credentials. */
public final class EsClients {
    private EsClients() {}

    /** The low-level client (bulk, setup). Close it: its I/O threads are not daemons. */
    public static RestClient restClient(EsSettings settings) {
        HttpHost[] hosts = settings.urls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(5_000).setSocketTimeout(60_000));
        if (settings.apiKey() != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + settings.apiKey())});
        }
        SSLContext ssl = settings.caCertificatePem() == null ? null
                : TransportUtils.sslContextFromHttpCaCrt(new ByteArrayInputStream(settings.caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        builder.setHttpClientConfigCallback(http -> {
            if (settings.username() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(settings.username(), settings.password()));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (ssl != null) http.setSSLContext(ssl);
            return http;
        });
        return builder.build();
    }

    /** The typed client over a low-level one; closing the low-level client closes both. */
    public static ElasticsearchClient client(RestClient rest) {
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(Json.MAPPER)));
    }

    /**
     * Fails with a message a person can act on unless the cluster answers {@code _cluster/health}
     * with these credentials. (Cluster health, not {@code GET /}: some distributions answer 405 there.)
     * Returns the cluster's name, status and version.
     */
    public static String checkReachable(EsSettings settings) {
        try (RestClient rest = restClient(settings)) {
            Request health = new Request("GET", "/_cluster/health");
            health.addParameter("timeout", "5s");
            Response response = rest.performRequest(health);
            var node = Json.MAPPER.readTree(EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
            String version = version(rest);
            return node.path("cluster_name").asText() + " (" + node.path("status").asText() + (version == null ? "" : ", " + version) + ")";
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            String why = switch (status) {
                case 401 -> "the credentials were rejected (401): check --es-user/TOKENWATCH_ES_PASSWORD or the API key";
                case 403 -> "the credentials lack the cluster 'monitor' privilege (403)";
                default -> "it answered " + e.getResponse().getStatusLine();
            };
            throw new EsUnavailableException("Elasticsearch at " + settings.describe() + ": " + why, e);
        } catch (SSLException e) {
            throw new EsUnavailableException("Elasticsearch at " + settings.describe() + ": TLS failed (" + e.getMessage()
                    + "); for a private CA pass --es-ca-cert FILE", e);
        } catch (ConnectException e) {
            throw new EsUnavailableException("Elasticsearch at " + settings.describe() + " is unreachable (" + e.getMessage()
                    + "): is it running, and is --es-url / TOKENWATCH_ES_URL right?", e);
        } catch (IOException | RuntimeException e) {
            throw new EsUnavailableException("Elasticsearch at " + settings.describe() + " did not answer cluster health: " + e, e);
        }
    }

    private static String version(RestClient rest) {
        try {
            Request nodes = new Request("GET", "/_nodes/_local/version");
            nodes.addParameter("filter_path", "nodes.*.version");
            var node = Json.MAPPER.readTree(EntityUtils.toString(rest.performRequest(nodes).getEntity(), StandardCharsets.UTF_8));
            var it = node.path("nodes").elements();
            return it.hasNext() ? "Elasticsearch " + it.next().path("version").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Start-up could not reach Elasticsearch, or it refused us. */
    public static final class EsUnavailableException extends RuntimeException {
        public EsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
