package dev.tokenwatch.cli;

import dev.tokenwatch.localstack.LocalElasticsearch;
import dev.tokenwatch.sink.elasticsearch.EsClients;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.sink.elasticsearch.EsSetup;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code es setup} installs the index templates; {@code es start|stop|status} run the local stack's Elasticsearch. */
@Command(name = "es", mixinStandardHelpOptions = true,
        description = "Elasticsearch: set up the indices alerts and events go to; start or stop a local one.",
        subcommands = {EsCommand.Setup.class, EsCommand.Start.class, EsCommand.Stop.class, EsCommand.Status.class, EsBenchCommand.class})
final class EsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "setup", mixinStandardHelpOptions = true,
            description = "Install (or update) the index templates, aliases and lifecycle policies. Safe to run again.")
    static final class Setup implements Callable<Integer> {
        @Mixin
        EsOptions es;

        @Mixin
        DataOptions data;

        @Option(names = "--events-retention", defaultValue = "90d", paramLabel = "AGE",
                description = "Delete event indices this long after their day, e.g. 30d; needs ILM (default: ${DEFAULT-VALUE}).")
        String eventsRetention;

        @Option(names = "--alerts-retention", defaultValue = "730d", paramLabel = "AGE",
                description = "Delete alert indices this long after their month began; needs ILM (default: ${DEFAULT-VALUE}).")
        String alertsRetention;

        @Override
        public Integer call() throws Exception {
            es.startLocalIfAsked(System.err);
            EsSettings settings;
            try {
                settings = es.settings();
                if (settings == null) {
                    System.err.println(EsOptions.NONE_CONFIGURED);
                    return 2;
                }
                EsSetup.checkRetention(eventsRetention, "--events-retention");
                EsSetup.checkRetention(alertsRetention, "--alerts-retention");
                System.err.println("Elasticsearch: " + EsClients.checkReachable(settings) + " at " + settings.describe());
            } catch (IllegalArgumentException | EsClients.EsUnavailableException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            try (RestClient rest = EsClients.restClient(settings)) {
                for (String step : new EsSetup(rest, settings.indices()).install(eventsRetention, alertsRetention)) {
                    System.err.println("  " + step);
                }
            }
            System.err.println("Elasticsearch is ready for tokenwatch (" + settings.indices().alertsAlias() + ", "
                    + settings.indices().eventsAlias() + ")");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a local single-node Elasticsearch (no security, 127.0.0.1 only) with the index templates installed.",
                    "The first start fetches the Elasticsearch distribution from Maven Central. It keeps running until 'es stop'."})
    static final class Start implements Callable<Integer> {
        @Mixin
        LocalEsOptions local;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            EsOptions options = new EsOptions();
            options.url = local.start(System.err);
            options.indexPrefix = "tokenwatch";
            LocalJob.elasticsearch(options, System.err);
            System.out.println(options.url);
            System.err.println("""
                    Next:
                      ./tokenwatch replay --local-es samples/     index the samples' alerts and events
                      ./tokenwatch run --local-es                 the job, indexing as it goes
                      curl -s '%1$s/tokenwatch-alerts/_search?size=5&pretty'
                      ./tokenwatch dashboards install --kibana-url URL   (a Kibana 8.x/9.x pointed at %1$s)
                      ./tokenwatch es stop""".formatted(options.url));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local Elasticsearch ('es start'); its data is kept.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        LocalEsOptions local;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            LocalElasticsearch node = local.node();
            System.err.println(node.stop() ? "Elasticsearch: stopped the local node (data kept in " + node.dir() + ")"
                    : "Elasticsearch: no local node running from " + node.dir());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether the local Elasticsearch runs; prints its URL and exits 0 if it does, exits 1 if not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        LocalEsOptions local;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            LocalElasticsearch node = local.node();
            Optional<String> url = node.running();
            if (url.isEmpty()) {
                System.err.println("Elasticsearch: no local node running from " + node.dir() + " ('./tokenwatch es start')");
                return 1;
            }
            System.out.println(url.get());
            System.err.println("Elasticsearch: local node running at " + url.get() + ", data in " + node.dir());
            return 0;
        }
    }
}
