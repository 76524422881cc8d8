package dev.tokenwatch.cli;

import dev.tokenwatch.localstack.ElasticsearchDistribution;
import dev.tokenwatch.localstack.LocalElasticsearch;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local stack's Elasticsearch keeps its state and listens: {@code es start|stop|status} and {@code --local-es}. */
final class LocalEsOptions {
    @Option(names = "--local-es-dir", paramLabel = "DIR", defaultValue = "data/elasticsearch",
            description = "The local Elasticsearch's config, data, logs and pid file (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--local-es-port", paramLabel = "PORT", defaultValue = "" + LocalElasticsearch.DEFAULT_PORT,
            description = "HTTP port of the local Elasticsearch on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    LocalElasticsearch node() {
        return new LocalElasticsearch(dir, port);
    }

    /** Starts it unless it runs already (fetching the distribution on first use); its URL. */
    String start(PrintStream log) {
        try {
            return node().start(Home.dir(), System.getenv(ElasticsearchDistribution.DIST_ENV), log);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UsageException("local Elasticsearch: " + e.getMessage());
        }
    }
}
