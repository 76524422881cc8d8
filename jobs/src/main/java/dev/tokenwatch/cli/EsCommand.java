package dev.tokenwatch.cli;

import dev.tokenwatch.sink.elasticsearch.EsClients;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.sink.elasticsearch.EsSetup;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code es setup}: installs the index templates and lifecycle policies. */
@Command(name = "es", mixinStandardHelpOptions = true, description = "Elasticsearch: set up the indices alerts and events go to.",
        subcommands = {EsCommand.Setup.class, EsBenchCommand.class})
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

        @Option(names = "--events-retention", defaultValue = "90d", paramLabel = "AGE",
                description = "Delete event indices this long after their day, e.g. 30d (needs ILM; default: ${DEFAULT-VALUE}).")
        String eventsRetention;

        @Option(names = "--alerts-retention", defaultValue = "730d", paramLabel = "AGE",
                description = "Delete alert indices this long after their month began (needs ILM; default: ${DEFAULT-VALUE}).")
        String alertsRetention;

        @Override
        public Integer call() throws Exception {
            EsSettings settings;
            try {
                settings = es.settings();
                if (settings == null) {
                    System.err.println("no Elasticsearch configured: pass --es-url URL or set " + EsOptions.URL_ENV);
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
}
