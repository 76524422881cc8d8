package dev.tokenwatch.source.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.DeadLetterFile;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TCP syslog listener over a real socket: both framings, batches in the spool, oversized messages, the counters. */
class SyslogListenerTest {
    /** What Go's log/syslog writes for a Harbor 2.13+ audit entry: header, Harbor's text line, LF. */
    private static final String PUSH = "<6>2026-11-20T09:12:34Z harbor-core audit[1]: 2026-11-20T09:12:34Z [INFO] "
            + "[/pkg/auditext/manager.go:81][operator=\"robot$payments+ci\" resourceType=\"artifact\" "
            + "time=\"2026-11-20 09:12:34.123456 +0000 UTC m=+3.000000001\"]: action:create, resource:payments/api:2.3.0, "
            + "operation_description:push artifact: payments/api@sha256:4be1...";
    private static final String PULL = "<6>1 2026-11-20T09:13:01Z harbor-core audit 1 - - 2026-11-20T09:13:01Z [INFO] "
            + "[/pkg/auditext/manager.go:81][operator=\"anonymous\" resourceType=\"artifact\" time=\"2026-11-20 09:13:01 +0000 UTC\"]: "
            + "action:pull, resource:library/nginx@sha256:77aa..., operation_description:pull artifact: library/nginx@sha256:77aa...";

    @TempDir
    Path dir;

    private SyslogListener listener;
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (listener != null) listener.close();
        if (receiver != null) receiver.close();
    }

    private SyslogListener listen(int maxMessageBytes, int batchLines, long batchWaitMillis) throws Exception {
        listener = new SyslogListener(new InetSocketAddress("127.0.0.1", 0), new SpoolWriter(dir.resolve("spool")),
                new DeadLetterFile(dir.resolve("receiver-dead-letters.jsonl")), maxMessageBytes, batchLines, batchWaitMillis);
        return listener;
    }

    private static Socket connect(InetSocketAddress address) throws Exception {
        return new Socket(address.getAddress(), address.getPort());
    }

    private static void send(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** RFC 6587 octet counting: the length in bytes, a space, the message. */
    private static String counted(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }

    private List<Path> spoolFiles() throws Exception {
        if (!Files.isDirectory(dir.resolve("spool"))) return List.of();
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private List<String> spooled() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path p : spoolFiles()) lines.addAll(Files.readAllLines(p));
        return lines;
    }

    private List<String> deadLetterReasons() throws Exception {
        Path file = dir.resolve("receiver-dead-letters.jsonl");
        List<String> reasons = new ArrayList<>();
        if (Files.exists(file)) for (String l : Files.readAllLines(file)) reasons.add(Json.MAPPER.readTree(l).path("reason").asText());
        return reasons;
    }

    private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) throw new AssertionError("not within " + millis + " ms: " + what);
            Thread.sleep(20);
        }
    }

    private int spooledCount() {
        try {
            return spooled().size();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void lineFramedAndOctetCountedMessagesAreStoredAsLinesTheParserTurnsIntoEvents() throws Exception {
        listen(64 * 1024, 500, 60_000);
        try (Socket socket = connect(listener.address())) {
            send(socket, PUSH + "\n\n" + counted(PULL) + counted(PUSH.replace("09:12:34.123456", "09:12:35") + "\n"));
        }
        await("3 lines stored on close", 5000, () -> spooledCount() == 3);

        assertThat(spoolFiles()).allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("received-harbor-syslog-").endsWith(".log"));
        List<String> lines = spooled();
        assertThat(lines.get(0)).isEqualTo(PUSH);
        assertThat(lines.get(1)).isEqualTo(PULL);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ParseOutcome outcome = new EventParser().parse(RawRecord.of("spool.log", i + 1, lines.get(i)));
            assertThat(outcome.deadLetters()).isEmpty();
            events.addAll(outcome.events());
        }
        assertThat(events).extracting(e -> e.action).containsExactly("image.push", "image.pull", "image.push");
        assertThat(events.get(0).tokenId).isEqualTo("robot$payments+ci");
        assertThat(events.get(0).repositoryName).isEqualTo("payments/api");
        assertThat(events.get(1).userName).isNull();
        assertThat(events.get(1).imageDigest).isEqualTo("sha256:77aa...");
        assertThat(events).extracting(e -> e.id).doesNotHaveDuplicates();
        assertThat(listener.linesStored()).isEqualTo(3);
        assertThat(listener.connections()).isEqualTo(1);
    }

    @Test
    void whileTheConnectionStaysOpenABatchIsStoredWithinItsWait() throws Exception {
        listen(64 * 1024, 500, 300);
        try (Socket socket = connect(listener.address())) {
            send(socket, PUSH + "\n");
            await("the line stored while Harbor keeps its connection", 3000, () -> spooledCount() == 1);
            assertThat(listener.connectionsOpen()).isEqualTo(1);
        }
    }

    @Test
    void aFullBatchIsStoredWithoutWaiting() throws Exception {
        listen(64 * 1024, 3, 60_000);
        try (Socket socket = connect(listener.address())) {
            send(socket, PUSH + "\n" + PULL + "\n" + PUSH + "\n");
            await("a full batch stored before its wait", 3000, () -> spooledCount() == 3);
        }
    }

    @Test
    void anOversizedMessageIsADeadLetterAndTheConnectionStaysUsable() throws Exception {
        listen(400, 500, 60_000);
        String huge = PUSH.replace("push artifact", "x".repeat(1000));
        try (Socket socket = connect(listener.address())) {
            send(socket, huge + "\n" + PULL + "\n" + counted(huge) + counted(PUSH));
        }
        await("the usable lines stored on close", 5000, () -> spooledCount() == 2);

        assertThat(spooled()).containsExactly(PULL, PUSH);
        assertThat(deadLetterReasons()).hasSize(2).allSatisfy(r -> assertThat(r).contains("more than the limit of 400"));
        assertThat(listener.deadLettered()).isEqualTo(2);
    }

    @Test
    void theReceiversHealthCheckCountsSyslogLinesAndConnections() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "secret\n");
        receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0), SenderTokens.from(null, List.of(tokenFile)),
                dir.resolve("spool"), dir.resolve("receiver-dead-letters.jsonl"), 64 * 1024, new InetSocketAddress("127.0.0.1", 0), 64 * 1024,
                Receiver.Tailing.NONE));
        try (Socket socket = connect(receiver.syslogAddress())) {
            send(socket, PUSH + "\n" + PULL + "\n");
        }
        await("2 lines stored", 5000, () -> spooledCount() == 2);

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.address().getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(health.body()).path("syslog_lines_stored").asLong()).isEqualTo(2);
        assertThat(Json.MAPPER.readTree(health.body()).path("syslog_connections").asLong()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(health.body()).path("syslog_dead_lettered").asLong()).isZero();
    }
}
