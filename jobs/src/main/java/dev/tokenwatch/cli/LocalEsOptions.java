package dev.tokenwatch.cli;

import dev.tokenwatch.localstack.ElasticsearchDistribution;
import dev.tokenwatch.localstack.LocalElasticsearch;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the local stack's Elasticsearch keeps its state and listens: {@code es start|stop|status} and {@code --local-es}. */
final class LocalEsOptions {
    @Option(names = "--local-es-dir", paramLabel = "DIR",
            description = "The local Elasticsearch's config, data, logs and pid file (default: DATA/elasticsearch).")
    Path dir;

    @Option(names = "--local-es-port", paramLabel = "PORT", defaultValue = "" + LocalElasticsearch.DEFAULT_PORT,
            description = "HTTP port of the local Elasticsearch on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    /** Whatever this is mixed into, directly or through {@link EsOptions}: its command's {@code --data} places the default directory. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    LocalElasticsearch node() {
        return new LocalElasticsearch(directory(), port);
    }

    /** Starts it unless it runs already (fetching the distribution on first use); its URL. */
    String start(PrintStream log) {
        try {
            return node().start(Home.dir(), System.getenv(ElasticsearchDistribution.DIST_ENV), log);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UsageException("local Elasticsearch: " + e.getMessage());
        }
    }

    private Path directory() {
        if (dir != null) return dir.toAbsolutePath().normalize();
        // By name: run declares its own --data, the other commands DataOptions.
        OptionSpec data = mixee.commandLine().getCommandSpec().findOption("--data");
        Path dataDir = data == null ? Path.of(DataOptions.DEFAULT) : data.getValue();
        return dataDir.toAbsolutePath().normalize().resolve("elasticsearch");
    }
}
