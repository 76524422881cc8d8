package dev.tokenwatch.sink.elasticsearch;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach Elasticsearch. Serializable because the sink ships it to the task
 * managers; the CA certificate travels as PEM text so they do not need the file. Secrets never
 * appear in {@link #toString()} or {@link #describe()}.
 */
public final class EsSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> urls;
    private final String username;
    private final String password;
    private final String apiKey;
    private final String caCertificatePem;
    private final IndexNames indices;

    public EsSettings(List<String> urls, String username, String password, String apiKey, String caCertificatePem, IndexNames indices) {
        if (urls == null || urls.isEmpty()) throw new IllegalArgumentException("no Elasticsearch URL");
        for (String u : urls) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: " + u);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Elasticsearch URL must be http(s)://host[:port]: " + u);
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("put credentials in --es-user / TOKENWATCH_ES_PASSWORD or an API key, not in the URL");
            }
        }
        if ((username == null) != (password == null)) throw new IllegalArgumentException("Elasticsearch user and password go together");
        if (username != null && apiKey != null) throw new IllegalArgumentException("use either basic auth or an API key for Elasticsearch, not both");
        this.urls = List.copyOf(urls);
        this.username = username;
        this.password = password;
        this.apiKey = apiKey;
        this.caCertificatePem = caCertificatePem;
        this.indices = Objects.requireNonNull(indices);
    }

    public static EsSettings of(String url) {
        return new EsSettings(List.of(url), null, null, null, null, IndexNames.DEFAULT);
    }

    public EsSettings withIndices(IndexNames names) {
        return new EsSettings(urls, username, password, apiKey, caCertificatePem, names);
    }

    public List<String> urls() { return urls; }
    public String username() { return username; }
    String password() { return password; }
    String apiKey() { return apiKey; }
    String caCertificatePem() { return caCertificatePem; }
    public IndexNames indices() { return indices; }

    /** For logs: where, and which kind of credential, never the credential. */
    public String describe() {
        String auth = apiKey != null ? "API key" : username != null ? "user " + username : "no credentials";
        return String.join(",", urls) + " (" + auth + (caCertificatePem != null ? ", custom CA" : "") + ")";
    }

    @Override
    public String toString() {
        return "EsSettings[" + describe() + "]";
    }
}
