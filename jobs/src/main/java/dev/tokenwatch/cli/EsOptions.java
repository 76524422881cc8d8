package dev.tokenwatch.cli;

import dev.tokenwatch.sink.elasticsearch.EsClients;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.sink.elasticsearch.IndexNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Elasticsearch options shared by {@code run}, {@code replay}, {@code es setup}, {@code tokens} and {@code triage}. Secrets come from
 * the environment or from files, never from the command line (where {@code ps} shows them), and are
 * never printed.
 */
final class EsOptions {
    static final String URL_ENV = "TOKENWATCH_ES_URL";
    static final String USER_ENV = "TOKENWATCH_ES_USER";
    static final String PASSWORD_ENV = "TOKENWATCH_ES_PASSWORD";
    static final String PASSWORD_FILE_ENV = "TOKENWATCH_ES_PASSWORD_FILE";
    static final String API_KEY_ENV = "TOKENWATCH_ES_API_KEY";
    static final String API_KEY_FILE_ENV = "TOKENWATCH_ES_API_KEY_FILE";
    static final String CA_CERT_ENV = "TOKENWATCH_ES_CA_CERT";
    static final String NONE_CONFIGURED = "no Elasticsearch configured: pass --es-url URL (or set " + URL_ENV
            + "), or --local-es to start a local one";

    @Option(names = "--es-url", paramLabel = "URL", description = "Elasticsearch at URL, e.g. http://localhost:9200 (several: comma-separated) ($" + URL_ENV + "):"
            + " 'run' and 'replay' also index alerts, enriched events and the token inventory there; 'tokens' and 'triage' read them.")
    String url;

    @Option(names = "--es-user", paramLabel = "USER", description = "Basic-auth user ($" + USER_ENV + "); the password comes from $"
            + PASSWORD_ENV + " or --es-password-file.")
    String user;

    @Option(names = "--es-password-file", paramLabel = "FILE", description = "File holding the basic-auth password ($" + PASSWORD_FILE_ENV + ").")
    Path passwordFile;

    @Option(names = "--es-api-key-file", paramLabel = "FILE", description = "File holding an API key (the base64 'encoded' form) ($"
            + API_KEY_FILE_ENV + ", or the key itself in $" + API_KEY_ENV + ").")
    Path apiKeyFile;

    @Option(names = "--es-ca-cert", paramLabel = "FILE", description = "PEM CA certificate to trust for https ($" + CA_CERT_ENV + ").")
    Path caCert;

    @Option(names = "--es-index-prefix", paramLabel = "NAME", defaultValue = "tokenwatch",
            description = "Index name prefix: NAME-events-YYYY.MM.DD, NAME-alerts-YYYY.MM.01 (default: ${DEFAULT-VALUE}).")
    String indexPrefix;

    @Option(names = "--local-es", description = "Index into the local stack's Elasticsearch, started (and on first use fetched)"
            + " if it is not running yet; it keeps running afterwards ('./tokenwatch es stop').")
    boolean local;

    @Mixin
    LocalEsOptions localEs;

    Map<String, String> env = System.getenv();

    /** With {@code --local-es}: starts the local Elasticsearch unless it runs, and makes it the one indexed into. */
    void startLocalIfAsked(PrintStream log) {
        if (!local) return;
        if (url != null) throw new UsageException("--local-es and --es-url both say where to index: give one of them");
        url = localEs.start(log);
    }

    /**
     * For a command that reads event files or the job's indices: whether it reads the indices. Only an explicit
     * --es-url or --local-es does ($TOKENWATCH_ES_URL alone does not): files stay the default even where the variable is
     * set for 'run' and 'replay', so the same command line gives the same answer in every shell. Both is a usage error.
     */
    boolean readsTheIndices(List<Path> files) {
        boolean indices = url != null || local;
        if (indices && files != null && !files.isEmpty()) throw new UsageException("give event files or --es-url/--local-es, not both");
        return indices;
    }

    /**
     * Reads from the cluster (the local one started first with --local-es). Bad settings, a cluster that does not answer
     * and a missing index are usage errors that say which.
     */
    <T> T read(IndexRead<T> read) throws IOException {
        startLocalIfAsked(System.err);
        try {
            EsSettings settings = settings();
            EsClients.checkReachable(settings);
            try (RestClient rest = EsClients.restClient(settings)) {
                return read.from(rest, settings.indices());
            }
        } catch (IllegalArgumentException | EsClients.EsUnavailableException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** What a command reads from the cluster. */
    interface IndexRead<T> {
        T from(RestClient rest, IndexNames names) throws IOException;
    }

    /** The settings, or null when no URL is configured; bad or missing secrets fail here, at start-up. */
    EsSettings settings() {
        String u = firstNonBlank(url, env.get(URL_ENV));
        if (u == null) return null;
        String userName = firstNonBlank(user, env.get(USER_ENV));
        String password = secret(passwordFile, PASSWORD_FILE_ENV, PASSWORD_ENV, "--es-password-file");
        String apiKey = secret(apiKeyFile, API_KEY_FILE_ENV, API_KEY_ENV, "--es-api-key-file");
        if (userName != null && password == null) {
            throw new IllegalArgumentException("Elasticsearch user " + userName + " has no password: set " + PASSWORD_ENV
                    + " or --es-password-file");
        }
        if (userName == null && password != null) {
            throw new IllegalArgumentException("an Elasticsearch password is set but no user: set --es-user or " + USER_ENV);
        }
        Path ca = caCert != null ? caCert : env.get(CA_CERT_ENV) != null ? Path.of(env.get(CA_CERT_ENV)) : null;
        String caPem = ca == null ? null : read(ca, "--es-ca-cert / " + CA_CERT_ENV);
        if (caPem != null && !caPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("not a PEM certificate: " + ca + " (--es-ca-cert / " + CA_CERT_ENV + ")");
        }
        List<String> urls = Arrays.stream(u.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new EsSettings(urls, userName, password, apiKey, caPem, new IndexNames(indexPrefix));
    }

    private String secret(Path file, String fileEnv, String valueEnv, String option) {
        Path f = file != null ? file : env.get(fileEnv) != null ? Path.of(env.get(fileEnv)) : null;
        if (f != null) {
            String value = read(f, option + " / " + fileEnv).strip();
            if (value.isEmpty()) throw new IllegalArgumentException("empty secret file " + f + " (" + option + " / " + fileEnv + ")");
            return value;
        }
        return firstNonBlank(env.get(valueEnv));
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + setting + "): " + e.getMessage());
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v.strip();
        return null;
    }
}
