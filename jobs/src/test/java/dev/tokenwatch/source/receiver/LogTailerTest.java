package dev.tokenwatch.source.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.DeadLetterFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tailer on real files: most tests call {@link LogTailer#poll} themselves (batches due at once) so each step is
 * deterministic; one runs the polling thread inside the receiver and waits with a deadline.
 */
class LogTailerTest {
    @TempDir
    Path dir;

    private final List<LogTailer> tailers = new ArrayList<>();
    /** One writer for all the tailers of a test, as in the receiver: its sequence keeps their file names apart. */
    private SpoolWriter spool;
    private Receiver receiver;

    @AfterEach
    void stop() {
        tailers.forEach(LogTailer::close);
        if (receiver != null) receiver.close();
    }

    private Path log() {
        return dir.resolve("registry.log");
    }

    private Path positionFile() {
        return LogTailer.positionFile(dir.resolve("data/tail"), log());
    }

    private LogTailer tailer(boolean fromStart, int maxLineBytes) throws IOException {
        if (spool == null) spool = new SpoolWriter(dir.resolve("spool"));
        LogTailer tailer = new LogTailer(log(), positionFile(), spool,
                new DeadLetterFile(dir.resolve("receiver-dead-letters.jsonl")), fromStart, maxLineBytes, 500, 0);
        tailers.add(tailer);
        return tailer;
    }

    private LogTailer tailer() throws IOException {
        return tailer(false, LogTailer.MAX_LINE_BYTES);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<String> spooled() throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir.resolve("spool"))) return lines;
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            for (Path p : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                assertThat(p.getFileName().toString()).startsWith("received-tail-registry.log-").endsWith(".log");
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    private List<String> deadLetterReasons() throws IOException {
        Path file = dir.resolve("receiver-dead-letters.jsonl");
        List<String> reasons = new ArrayList<>();
        if (Files.exists(file)) for (String l : Files.readAllLines(file)) reasons.add(Json.MAPPER.readTree(l).path("reason").asText());
        return reasons;
    }

    /** Polls until {@code condition}, a few times at most: rotation takes one poll to see the old file quiet. */
    private static void pollUntil(LogTailer tailer, String what, BooleanSupplier condition) throws IOException {
        for (int i = 0; i < 5 && !condition.getAsBoolean(); i++) tailer.poll();
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private int spooledCount() {
        try {
            return spooled().size();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aFirstStartBeginsAtTheEndAndAppendedLinesReachTheSpoolOncePartialLinesAreComplete() throws Exception {
        append(log(), "old 1\nold 2\n");
        LogTailer tailer = tailer();
        assertThat(tailer.started()).startsWith("from its end (byte 12)");

        append(log(), "new 1\nnew 2 is still being writ");
        tailer.poll();
        assertThat(spooled()).containsExactly("new 1");
        append(log(), "ten\r\n");
        tailer.poll();
        assertThat(spooled()).containsExactly("new 1", "new 2 is still being written");
        assertThat(tailer.linesStored()).isEqualTo(2);
        assertThat(TailPosition.read(positionFile()).orElseThrow().offset()).isEqualTo(Files.size(log()));
    }

    @Test
    void fromStartReadsWhatTheFileHoldsAndAFileNotThereYetIsReadFromItsStart() throws Exception {
        append(log(), "old 1\n");
        tailer(true, LogTailer.MAX_LINE_BYTES).poll();
        assertThat(spooled()).containsExactly("old 1");

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        LogTailer later = new LogTailer(other.resolve("registry.log"), LogTailer.positionFile(dir.resolve("data/tail"), other.resolve("registry.log")),
                spool, new DeadLetterFile(dir.resolve("dl.jsonl")), false, 1024, 500, 0);
        tailers.add(later);
        assertThat(later.started()).startsWith("not there yet");
        later.poll();
        append(other.resolve("registry.log"), "appeared\n");
        pollUntil(later, "the new file read from its start", () -> spooledCount() == 2);
        assertThat(spooled()).containsExactlyInAnyOrder("old 1", "appeared");
    }

    @Test
    void stoppingAndStartingAgainResumesWithoutRepeatingOrSkipping() throws Exception {
        append(log(), "");
        LogTailer first = tailer();
        append(log(), "1\n2\n3 partial");
        first.poll();
        first.close();
        append(log(), " line\n4\n");

        LogTailer second = tailer();
        assertThat(second.started()).isEqualTo("resuming at byte 4");
        second.poll();
        assertThat(spooled()).containsExactlyInAnyOrder("1", "2", "3 partial line", "4");
    }

    @Test
    void aCrashBetweenTheSpoolAndThePositionRepeatsOneBatchWhoseEventsHaveTheSameIds() throws Exception {
        String failedLogin = sharedLogLines().get(0);
        append(log(), "");
        LogTailer first = tailer();
        byte[] before = Files.readAllBytes(positionFile());
        append(log(), failedLogin + "\n");
        first.poll();
        Files.write(positionFile(), before); // as if the process died after storing the batch, before recording

        tailer().poll();
        List<String> lines = spooled();
        assertThat(lines).containsExactly(failedLogin, failedLogin);
        assertThat(parse(lines)).extracting(e -> e.id).hasSize(2).containsOnly(parse(lines).get(0).id);
    }

    @Test
    void aRotatedFileIsReadToItsEndThenTheNewOneFromItsStart() throws Exception {
        append(log(), "");
        LogTailer tailer = tailer();
        append(log(), "1\n");
        tailer.poll();
        append(log(), "2\n");
        Files.move(log(), dir.resolve("registry.log.1"));
        append(dir.resolve("registry.log.1"), "3 written before the registry reopened\n");
        append(log(), "4 in the new file\n");

        pollUntil(tailer, "both files read", () -> spooledCount() == 4);
        assertThat(spooled()).containsExactly("1", "2", "3 written before the registry reopened", "4 in the new file");
        assertThat(tailer.rotations()).isEqualTo(1);
        assertThat(TailPosition.read(positionFile()).orElseThrow().fileKey())
                .isEqualTo(String.valueOf(Files.readAttributes(log(), java.nio.file.attribute.BasicFileAttributes.class).fileKey()));
    }

    @Test
    void aRotationWhileStoppedFinishesTheOldFileFoundBesideTheLog() throws Exception {
        append(log(), "");
        LogTailer first = tailer();
        append(log(), "1\n");
        first.poll();
        first.close();
        append(log(), "2 while stopped\n");
        Files.move(log(), dir.resolve("registry.log.1"));
        append(log(), "3 in the new file\n");

        LogTailer second = tailer();
        assertThat(second.started()).startsWith("rotated while stopped: the rest of " + dir.resolve("registry.log.1"));
        pollUntil(second, "the rest of the old file, then the new one", () -> spooledCount() == 3);
        assertThat(spooled()).containsExactly("1", "2 while stopped", "3 in the new file");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStart() throws Exception {
        append(log(), "");
        LogTailer tailer = tailer();
        append(log(), "a long first line\nanother long line\n");
        tailer.poll();
        Files.writeString(log(), "after\n", StandardOpenOption.TRUNCATE_EXISTING); // copytruncate, then the registry writes on

        tailer.poll();
        assertThat(spooled()).containsExactly("a long first line", "another long line", "after");
        assertThat(tailer.truncations()).isEqualTo(1);
        assertThat(TailPosition.read(positionFile()).orElseThrow().offset()).isEqualTo(6);
    }

    @Test
    void anOversizedLineIsADeadLetterAndTheNextLineStillArrives() throws Exception {
        append(log(), "");
        LogTailer tailer = tailer(false, 1000);
        append(log(), "x".repeat(3000));
        tailer.poll(); // no newline yet: held, but not in memory beyond the limit
        append(log(), "y".repeat(2000) + "\nnext\n");
        tailer.poll();

        assertThat(spooled()).containsExactly("next");
        assertThat(deadLetterReasons()).singleElement().satisfies(r -> assertThat(r)
                .contains("line of 5000 bytes at byte 0 of " + log()).contains("more than the limit of 1000"));
        assertThat(tailer.deadLettered()).isEqualTo(1);
    }

    @Test
    void aBatchTheSpoolRefusesIsReadAgainNotDeadLettered() throws Exception {
        append(log(), "");
        LogTailer tailer = tailer();
        Files.writeString(dir.resolve("spool"), "in the way"); // a file where the spool directory should be
        append(log(), "1\n2\n");
        assertThat(tailer.poll()).as("the spool refused the batch").isFalse();
        assertThat(tailer.linesStored()).isZero();
        assertThat(TailPosition.read(positionFile()).orElseThrow().offset()).isZero();
        Files.delete(dir.resolve("spool"));

        assertThat(tailer.poll()).isTrue();
        assertThat(spooled()).containsExactly("1", "2");
        assertThat(deadLetterReasons()).isEmpty();
    }

    @Test
    void theSpooledFailedLoginOfTheSharedExampleLogParsesIntoALoginFailure() throws Exception {
        append(log(), "");
        LogTailer tailer = tailer();
        for (String line : sharedLogLines()) append(log(), line + "\n");
        tailer.poll();

        List<Event> events = parse(spooled());
        assertThat(spooled()).hasSize(sharedLogLines().size());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action).isEqualTo("login.failure");
            assertThat(e.userName).isEqualTo("alice");
            assertThat(e.sourceIp).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void inTheReceiverTheTailerPollsOnItsOwnAndHealthzCountsIt() throws Exception {
        append(log(), "before\n");
        Path tokenFile = Files.writeString(dir.resolve("token"), "secret\n");
        receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0), SenderTokens.from(null, List.of(tokenFile)),
                dir.resolve("spool"), dir.resolve("receiver-dead-letters.jsonl"), 64 * 1024, null, 64 * 1024,
                new Receiver.Tailing(List.of(log()), dir.resolve("data/tail"), false)));
        assertThat(receiver.tailing()).singleElement().asString().contains("from its end");
        append(log(), sharedLogLines().get(0) + "\n");

        long until = System.currentTimeMillis() + 5000;
        while (spooledCount() < 1 && System.currentTimeMillis() < until) Thread.sleep(20);
        assertThat(spooled()).containsExactly(sharedLogLines().get(0));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.address().getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(health.body()).path("tail_lines_stored").asLong()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(health.body()).path("tail_files").asLong()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(health.body()).path("tail_dead_lettered").asLong()).isZero();
        assertThat(Json.MAPPER.readTree(health.body()).path("tail_rotations").asLong()).isZero();
    }

    private static List<String> sharedLogLines() throws IOException {
        try (InputStream in = LogTailerTest.class.getResourceAsStream("/formats/distribution-registry.log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static List<Event> parse(List<String> lines) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ParseOutcome outcome = new EventParser().parse(RawRecord.of("spool.log", i + 1, lines.get(i)));
            assertThat(outcome.deadLetters()).as(lines.get(i)).isEmpty();
            events.addAll(outcome.events());
        }
        return events;
    }
}
