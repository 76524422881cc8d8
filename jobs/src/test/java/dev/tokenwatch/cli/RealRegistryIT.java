package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.OciLayout;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.TestRules;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real registry pointed at the receiver: Debian's {@code docker-registry} (CNCF Distribution 2.8) with a
 * notifications endpoint and a bearer header, and {@code skopeo} pushing and pulling an OCI image the test builds.
 * Both are installed with apt-get when missing. The push is one {@code image.push} and, with the probe rule, one
 * alert; the same notification posted again makes no second alert.
 */
class RealRegistryIT {
    private static final String TOKEN = "registry-notifications-secret";

    @TempDir
    Path dir;

    @BeforeAll
    static void installTheRegistryAndSkopeoWhenMissing() throws Exception {
        if (onPath("docker-registry") && onPath("skopeo")) return;
        ProcessBuilder install = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", "docker-registry", "skopeo")
                .redirectErrorStream(true);
        install.environment().put("DEBIAN_FRONTEND", "noninteractive");
        if (exec(install) != 0) exec(new ProcessBuilder("apt-get", "update").redirectErrorStream(true));
        if (!onPath("docker-registry") || !onPath("skopeo")) {
            assertThat(exec(install)).as("apt-get install docker-registry skopeo (Debian; needs root)").isZero();
        }
    }

    @Test
    void aSkopeoPushIsOnePushAndOneAlertAndARepeatedNotificationNoSecond() throws Exception {
        Path rules = TestRules.shippedWithProbe(dir);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        int receiverPort = freePort();
        int registryPort = freePort();
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("registry.yml"), """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                notifications:
                  endpoints:
                    - name: tokenwatch
                      url: http://127.0.0.1:%d/v1/distribution
                      headers:
                        Authorization: [Bearer %s]
                      timeout: 2s
                      threshold: 3
                      backoff: 1s
                """.formatted(dir.resolve("storage"), registryPort, receiverPort, TOKEN));
        Path layout = dir.resolve("image");
        OciLayout.write(layout, "v1", "hello from the tokenwatch test\n");

        try (RunProcess job = RunProcess.start(data.resolve("run.log"), "--data", data.toString(), "--fresh", "--no-samples",
                "--no-reload", "--rules", rules.toString(), "--checkpoint-interval", "1s", "--settle", "2s",
                "--listen", "127.0.0.1:" + receiverPort, "--receiver-token-file", tokenFile.toString())) {
            job.await(() -> job.log().contains("Receiver: http://"), "the receiver", Duration.ofMinutes(2));
            Process registry = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile()).start();
            try {
                job.await(() -> listening(registryPort), "the registry", Duration.ofMinutes(1));
                String target = "docker://127.0.0.1:" + registryPort + "/probe/app:v1";
                assertThat(exec(new ProcessBuilder("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", target)
                        .redirectErrorStream(true))).as("skopeo push").isZero();
                assertThat(exec(new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false", target, "oci:" + dir.resolve("pulled") + ":v1")
                        .redirectErrorStream(true))).as("skopeo pull").isZero();

                Path alerts = data.resolve("alerts.jsonl");
                job.await(() -> probeAlerts(alerts).size() >= 1, "the probe alert", Duration.ofMinutes(2));
                List<Event> received = receivedEvents(data.resolve("spool"));
                assertThat(received.stream().filter(e -> "image.push".equals(e.action)))
                        .as("one image push; its blobs are blob.push").singleElement()
                        .satisfies(e -> assertThat(e.repositoryName + ":" + e.imageTag).isEqualTo("probe/app:v1"));
                assertThat(received).anyMatch(e -> "image.pull".equals(e.action));

                String manifestNotification = receivedLines(data.resolve("spool")).stream()
                        .filter(l -> l.contains("\"tag\":\"v1\"") && l.contains("\"action\":\"push\"")).findFirst().orElseThrow();
                HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + receiverPort + "/v1/distribution"))
                        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(manifestNotification)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(again.statusCode()).isEqualTo(200);
                Thread.sleep(10_000); // the probe rule's 1 s suppression would close with count 2 by now had it counted twice
                assertThat(probeAlerts(alerts)).singleElement().satisfies(a -> assertThat(a).contains("\"count\":1", "probe/app:v1"));
            } finally {
                registry.destroyForcibly();
                registry.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> probeAlerts(Path alerts) {
        return AlertLines.lines(alerts).stream().filter(l -> l.contains("\"tw-probe-push\"")).toList();
    }

    private static List<String> receivedLines(Path spool) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(spool)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("received-distribution-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /** What the job's parser makes of everything the registry sent. */
    private static List<Event> receivedEvents(Path spool) throws IOException {
        EventParser parser = new EventParser();
        List<Event> events = new ArrayList<>();
        for (String line : receivedLines(spool)) events.addAll(parser.parse(RawRecord.of("spool", 1, line)).events());
        return events;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static boolean onPath(String command) throws Exception {
        return exec(new ProcessBuilder("sh", "-c", "command -v " + command).redirectErrorStream(true)) == 0;
    }

    private static int exec(ProcessBuilder command) throws Exception {
        Process p = command.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(5, TimeUnit.MINUTES) ? p.exitValue() : -1;
    }
}
