package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.TestRules;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tokenwatch run --listen} as its own JVM, with the probe rule of docs/probe added to a copy of the rules: a
 * registry notification posted to the receiver becomes an alert, and the same notification posted again (a registry
 * retrying after a lost answer) does not make a second one.
 */
class ReceiverJobIT {
    private static final String TOKEN = "registry-secret";

    @TempDir
    Path dir;

    @Test
    void aNotificationPostedTwiceIsOnePushAndOneAlert() throws Exception {
        Path rules = TestRules.shippedWithProbe(dir);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        int port = freePort();
        Path data = dir.resolve("data");
        String envelope = envelope(Instant.now());
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), "--data", data.toString(), "--fresh", "--no-samples",
                "--no-reload", "--rules", rules.toString(), "--checkpoint-interval", "1s", "--settle", "2s",
                "--listen", "127.0.0.1:" + port, "--receiver-token-file", tokenFile.toString())) {
            HttpClient client = HttpClient.newHttpClient();
            job.await(() -> job.log().contains("Receiver: http://"), "the receiver", Duration.ofMinutes(2));
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/distribution"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
            Path alerts = data.resolve("alerts.jsonl");
            job.await(() -> probeAlerts(alerts).size() >= 1, "the probe alert", Duration.ofMinutes(2));
            // Had the repeat become a second event, the alert's 1 s suppression period would close with count 2 and a
            // second version would be in the file within a few seconds (event time follows the clock when quiet).
            Thread.sleep(10_000);
            List<String> probes = probeAlerts(alerts);
            assertThat(probes).hasSize(1);
            assertThat(Json.MAPPER.readTree(probes.get(0)).path("alert").path("count").asLong()).isEqualTo(1);
            assertThat(Json.MAPPER.readTree(probes.get(0)).path("alert").path("reason").asText()).isEqualTo("alice pushed probe/app:v1");
        }
    }

    /**
     * A load test on loopback: concurrent senders post native events as fast as the receiver takes them; every
     * accepted event must reach the job (its records_in, from the status line). Prints the rate, asserts no speed.
     */
    @Test
    void underLoadEveryAcceptedEventReachesTheJob() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        int port = freePort();
        Path data = dir.resolve("load");
        int senders = 4, requestsEach = 50, eventsEach = 200;
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), "--data", data.toString(), "--fresh", "--no-samples",
                "--no-reload", "--status-interval", "1s", "--listen", "127.0.0.1:" + port, "--receiver-token-file", tokenFile.toString())) {
            job.await(() -> job.log().contains("Receiver: http://"), "the receiver", Duration.ofMinutes(2));
            HttpClient client = HttpClient.newHttpClient();
            java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
            long started = System.nanoTime();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                Thread thread = new Thread(() -> {
                    for (int r = 0; r < requestsEach; r++) {
                        StringBuilder body = new StringBuilder();
                        for (int e = 0; e < eventsEach; e++) {
                            body.append("{\"@timestamp\":\"").append(Instant.now()).append("\",\"event\":{\"id\":\"load-")
                                    .append(sender).append('-').append(r).append('-').append(e)
                                    .append("\",\"action\":\"image.pull\"},\"user\":{\"name\":\"ci\"},\"repository\":{\"name\":\"acme/web\"}}\n");
                        }
                        try {
                            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) accepted.addAndGet(eventsEach);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            long sent = (long) senders * requestsEach * eventsEach;
            System.out.printf("receiver load on loopback: %d events in %d requests of %d, %d senders: %.0f events/s accepted (%.1f s)%n",
                    sent, senders * requestsEach, eventsEach, senders, accepted.get() / seconds, seconds);
            assertThat(accepted.get()).isEqualTo(sent);
            job.await(() -> recordsRead(job.log()) >= sent, "every accepted event read by the job", Duration.ofMinutes(3));
            assertThat(recordsRead(job.log())).isEqualTo(sent);
        }
    }

    /** The records the job read, from its latest status line. */
    private static long recordsRead(String log) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("status: ([0-9,]+) records read").matcher(log);
        long last = 0;
        while (m.find()) last = Long.parseLong(m.group(1).replace(",", ""));
        return last;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static List<String> probeAlerts(Path alerts) {
        return AlertLines.lines(alerts).stream().filter(l -> l.contains("\"tw-probe-push\"")).toList();
    }

    /** One image push as Distribution notifies it: a layer, then the manifest, with the registry's event ids. */
    private static String envelope(Instant at) {
        String common = "\"timestamp\":\"" + at + "\",\"action\":\"push\",\"request\":{\"id\":\"r1\",\"addr\":\"203.0.113.7:51000\","
                + "\"host\":\"registry.example\",\"method\":\"PUT\",\"useragent\":\"skopeo/1.9.3\"},\"actor\":{\"name\":\"alice\"},"
                + "\"source\":{\"addr\":\"registry:5000\",\"instanceID\":\"i1\"}";
        return "{\"events\":[{\"id\":\"probe-blob-1\"," + common + ",\"target\":{\"mediaType\":\"application/octet-stream\",\"size\":10,"
                + "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"repository\":\"probe/app\"}},"
                + "{\"id\":\"probe-manifest-1\"," + common + ",\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"size\":400,\"digest\":\"sha256:" + "b".repeat(64) + "\",\"repository\":\"probe/app\",\"tag\":\"v1\"}}]}";
    }
}
