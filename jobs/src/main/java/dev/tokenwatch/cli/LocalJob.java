package dev.tokenwatch.cli;

import dev.tokenwatch.sink.elasticsearch.EsClients;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.sink.elasticsearch.EsSetup;
import java.io.IOException;
import java.io.PrintStream;

/** What {@code run}, {@code replay} and the benchmarks share before the job starts: the Elasticsearch check. */
final class LocalJob {
    private LocalJob() {}

    /**
     * The Elasticsearch settings, checked before the job starts: null when none are configured. An
     * unreachable cluster or refused credentials fail here with a message; missing index templates
     * are installed (the same as {@code es setup} with default retention).
     */
    static EsSettings elasticsearch(EsOptions options, PrintStream err) {
        options.startLocalIfAsked(err);
        EsSettings es;
        try {
            es = options.settings();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (es == null) return null;
        try {
            String cluster = EsClients.checkReachable(es);
            try (var rest = EsClients.restClient(es)) {
                EsSetup setup = new EsSetup(rest, es.indices());
                if (!setup.installed()) {
                    err.println("Elasticsearch: installing index templates (see './tokenwatch es setup --help' to choose retention)");
                    setup.install("90d", "730d").forEach(step -> err.println("  " + step));
                }
            }
            err.println("Elasticsearch: " + cluster + " at " + es.describe() + "; alerts -> " + es.indices().alertsAlias()
                    + ", events -> " + es.indices().eventsAlias());
            return es;
        } catch (EsClients.EsUnavailableException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("Elasticsearch at " + es.describe() + ": cannot install the index templates: " + e.getMessage());
        }
    }
}
