package dev.tokenwatch.cli;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertFactory;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.sink.chat.AlertCard;
import dev.tokenwatch.sink.chat.ChatFormats;
import dev.tokenwatch.sink.chat.ChatMessage;
import dev.tokenwatch.sink.chat.ChatRequests;
import dev.tokenwatch.sink.chat.ChatSender;
import dev.tokenwatch.sink.chat.Destination;
import dev.tokenwatch.sink.chat.Routes;
import dev.tokenwatch.sink.chat.SecretValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code notify test}: one sample alert to each destination of a routes file, and what each answered. */
@Command(name = "notify", description = "Check chat destinations.", mixinStandardHelpOptions = true,
        subcommands = NotifyCommand.Test.class)
final class NotifyCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a sample alert to every destination of the routes file (or one, --to) and print the HTTP status each answered. Exit 1 unless all answered 2xx.")
    static final class Test implements Callable<Integer> {
        @Option(names = "--routes", required = true, paramLabel = "FILE", description = "The routes file.")
        Path routes;

        @Option(names = "--to", paramLabel = "NAME", description = "Only this destination.")
        String to;

        @Override
        public Integer call() throws Exception {
            Routes loaded = RoutesLoader.loadOrFail(routes, null, System.err);
            List<Destination> destinations = loaded.destinations().stream().filter(d -> to == null || d.name().equals(to)).toList();
            if (destinations.isEmpty()) {
                throw new UsageException(to == null ? "no destinations in " + routes : "no destination named '" + to + "' in " + routes);
            }
            String kibana = loaded.kibanaUrl() == null ? null : new SecretValue(loaded.kibanaUrl()).resolve();
            Alert alert = sampleAlert();
            HttpClient client = HttpClient.newBuilder().connectTimeout(loaded.delivery().timeout()).build();
            boolean allDelivered = true;
            for (Destination d : destinations) {
                ChatMessage message = new ChatMessage(alert.id, d.name(),
                        ChatFormats.of(d.type()).alert(AlertCard.of(alert, kibana)), List.of(alert.id));
                long started = System.nanoTime();
                String outcome;
                try {
                    HttpResponse<String> response = client.send(ChatRequests.post(URI.create(d.url().resolve()),
                            d.secret() == null ? null : d.secret().resolve(), message, loaded.delivery().timeout()),
                            HttpResponse.BodyHandlers.ofString());
                    allDelivered &= response.statusCode() / 100 == 2;
                    outcome = "HTTP " + response.statusCode();
                } catch (java.io.IOException e) {
                    allDelivered = false;
                    outcome = ChatSender.describe(e);
                }
                System.out.printf("%s (%s): %s in %d ms%n", d.name(), d.type().yamlName, outcome, (System.nanoTime() - started) / 1_000_000);
            }
            return allDelivered ? 0 : 1;
        }

        /** An alert that reads like a real one and says it is a test. */
        static Alert sampleAlert() {
            Event e = new Event();
            e.timestamp = Instant.now().toEpochMilli();
            e.id = "notify-test-" + e.timestamp;
            e.action = "image.push";
            e.userName = "kbauer";
            e.tokenId = "tok-example";
            e.sourceIp = "95.216.3.77";
            e.countryIsoCode = "FI";
            e.countryName = "Finland";
            e.asNumber = 24940L;
            e.asOrganization = "Hetzner Online GmbH";
            e.repositoryName = "acme/api";
            Alert a = new Alert();
            a.id = AlertFactory.alertId("tokenwatch-notify-test", e.userName, e.id);
            a.timestamp = e.timestamp;
            a.ruleId = "tokenwatch-notify-test";
            a.ruleName = "Tokenwatch test message";
            a.ruleType = "test";
            a.severity = "high";
            a.riskScore = 63;
            a.reason = "Test message from ./tokenwatch notify test: alerts for this destination arrive like this one.";
            a.status = "open";
            a.count = 1;
            a.firstSeen = e.timestamp;
            a.lastSeen = e.timestamp;
            a.suppressionKey = e.userName;
            a.eventIds = new String[] {e.id};
            a.event = e;
            return a;
        }
    }
}
