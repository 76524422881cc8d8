package dev.tokenwatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dashboards install}: the Kibana data views, dashboards and saved searches. */
@Command(name = "dashboards", mixinStandardHelpOptions = true, description = "Kibana: install the Tokenwatch dashboards.",
        subcommands = {DashboardsCommand.Install.class})
final class DashboardsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Import the data views, dashboards and saved searches of dashboards/kibana into Kibana (8.x, 9.x). Safe to run again.")
    static final class Install implements Callable<Integer> {
        @Option(names = "--kibana-url", paramLabel = "URL", description = "Kibana base URL, e.g. http://localhost:5601 ($TOKENWATCH_KIBANA_URL).")
        String url;

        @Option(names = "--space", paramLabel = "ID", description = "Kibana space (default: the default space).")
        String space;

        @Option(names = "--kibana-user", paramLabel = "USER", description = "Basic-auth user ($TOKENWATCH_KIBANA_USER); password from $TOKENWATCH_KIBANA_PASSWORD.")
        String user;

        @Option(names = "--kibana-api-key-file", paramLabel = "FILE", description = "File holding an API key ($TOKENWATCH_KIBANA_API_KEY holds the key itself).")
        Path apiKeyFile;

        Map<String, String> env = System.getenv();

        @Override
        public Integer call() throws Exception {
            String base = url != null ? url : env.get("TOKENWATCH_KIBANA_URL");
            if (base == null) {
                System.err.println("no Kibana configured: pass --kibana-url URL or set TOKENWATCH_KIBANA_URL");
                return 2;
            }
            String authorization;
            try {
                authorization = authorization();
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            KibanaImport kibana = new KibanaImport(URI.create(base), space, authorization, http);
            KibanaImport.Result result;
            try {
                result = kibana.importObjects(KibanaImport.shippedObjects());
            } catch (IOException e) {
                System.err.println("Kibana at " + base + ": " + (e instanceof java.net.ConnectException ? "unreachable" : e.getMessage()));
                return 1;
            }
            result.errors().forEach(e -> System.err.println("  " + e));
            if (!result.success()) {
                System.err.println("Kibana imported " + result.imported() + " objects with " + result.errors().size() + " errors");
                return 1;
            }
            System.err.println("Kibana: imported " + result.imported() + " objects (data views tokenwatch-alerts-*, tokenwatch-events-*, tokenwatch-tokens;"
                    + " dashboards 'Tokenwatch: alert triage', 'Tokenwatch: token activity' and 'Tokenwatch: token inventory'; saved searches)");
            return 0;
        }

        private String authorization() {
            String u = user != null ? user : env.get("TOKENWATCH_KIBANA_USER");
            String key = apiKeyFile != null ? read(apiKeyFile) : env.get("TOKENWATCH_KIBANA_API_KEY");
            if (u != null && key != null) throw new IllegalArgumentException("use either a Kibana user or an API key, not both");
            if (key != null) return "ApiKey " + key.strip();
            if (u == null) return null;
            String password = env.get("TOKENWATCH_KIBANA_PASSWORD");
            if (password == null) throw new IllegalArgumentException("Kibana user " + u + " has no password: set TOKENWATCH_KIBANA_PASSWORD");
            return KibanaImport.basic(u, password);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
