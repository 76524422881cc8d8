package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.LineSink;
import dev.tokenwatch.testing.TestRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing the real job: 100,000+ lines of mutated and garbage input. The job must finish, account
 * for every record (clean or dead-lettered, each dead letter with a reason and its line), keep and
 * count the events that only have a bad field, and never let a secret through to alerts, dead
 * letters or logs.
 */
class HostileInputTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int LINES = 100_000;
    private static final String PAT = "dckr_pat_Zx81LkQw7u2RtYp0aBcDeFgHiJk";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImp0aSI6IjEyMyJ9.c2lnbmF0dXJlLXZhbHVl";
    private static final String BEARER = "Bearer s3cr3tV4lu3F0rT3st1ng";
    private static final List<String> SECRETS = List.of(PAT, JWT, "s3cr3tV4lu3F0rT3st1ng");

    @TempDir
    Path dir;

    @Test
    void everyUnusableLineIsDeadLetteredEveryBadFieldCountedAndNoSecretLeaks() throws Exception {
        Path input = dir.resolve("hostile.jsonl");
        Set<Long> surelyBad = new HashSet<>();
        Set<Long> badField = new HashSet<>();
        writeHostileInput(input, surelyBad, badField);
        Path alerts = dir.resolve("alerts.jsonl");
        Path deadLetters = dir.resolve("dead-letters.jsonl");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(
                TokenwatchJob.readFiles(env, List.of(input.toString()), null),
                TestRules.load(TestRules.PUSH, TestRules.REVOKED), null, null, EventTime.WHOLE_INPUT);
        outputs.alerts().map(AlertJson::toJson).sinkTo(LineSink.toFile(alerts)).setParallelism(1);
        outputs.deadLetters().sinkTo(LineSink.toFile(deadLetters)).setParallelism(1);
        JobExecutionResult result = env.execute("hostile input");

        long in = result.<Long>getAccumulatorResult(PipelineMetrics.RECORDS_IN);
        long clean = result.<Long>getAccumulatorResult(PipelineMetrics.RECORDS_CLEAN);
        long blank = result.<Long>getAccumulatorResult(PipelineMetrics.RECORDS_BLANK);
        long deadRecords = result.<Long>getAccumulatorResult(PipelineMetrics.RECORDS_DEAD_LETTERED);
        long dead = result.<Long>getAccumulatorResult(PipelineMetrics.DEAD_LETTERS);
        long withProblems = result.<Long>getAccumulatorResult(PipelineMetrics.EVENTS_WITH_PROBLEMS);
        assertThat(in).isEqualTo(LINES);
        assertThat(clean + blank + deadRecords).isEqualTo(in);
        assertThat(clean).isGreaterThan(1000);
        // A line whose only fault is one field is an event (a clean record) carrying its problem, not a dead letter.
        assertThat(badField).hasSizeGreaterThan(1000);
        assertThat(withProblems).isEqualTo(badField.size());
        assertThat(clean).isGreaterThanOrEqualTo(withProblems);

        List<String> deadLines = Files.readAllLines(deadLetters);
        assertThat((long) deadLines.size()).isEqualTo(dead);
        Set<Long> deadLetteredLines = new HashSet<>();
        for (String line : deadLines) {
            JsonNode d = Json.MAPPER.readTree(line);
            assertThat(d.path("reason").asText()).isNotBlank();
            assertThat(d.path("origin").asText()).endsWith("hostile.jsonl");
            deadLetteredLines.add(d.path("line").asLong());
        }
        assertThat(deadLetteredLines).containsAll(surelyBad);
        assertThat(deadLetteredLines).doesNotContainAnyElementsOf(badField);
        assertThat(deadLetteredLines).hasSize((int) deadRecords);

        String alertText = Files.readString(alerts);
        assertThat(alertText).contains("redacted:sha256:");
        assertThat(alertText).as("a push from a bad address still alerts, problem and all").contains("\"problems\":[\"source.ip: not an IP address");
        String deadText = Files.readString(deadLetters);
        Path log = Path.of("target/test-logs/tokenwatch.log");
        String logText = Files.exists(log) ? Files.readString(log) : "";
        for (String secret : SECRETS) {
            assertThat(alertText).as("alerts").doesNotContain(secret);
            assertThat(deadText).as("dead letters").doesNotContain(secret);
            assertThat(logText).as("logs").doesNotContain(secret);
        }
    }

    /** Writes the input, noting the lines no parser may accept and those that are events with one bad field. */
    private static void writeHostileInput(Path file, Set<Long> surelyBad, Set<Long> badField) throws IOException {
        List<String> seeds = new ArrayList<>();
        Path formats = Path.of("src/test/resources/formats");
        seeds.addAll(Files.readAllLines(formats.resolve("distribution-notifications.jsonl")));
        for (String doc : List.of("dockerhub-auditlogs.json", "harbor-auditlog-exts.json")) {
            JsonNode node = Json.MAPPER.readTree(formats.resolve(doc).toFile());
            (node.has("logs") ? node.get("logs") : node).forEach(n -> seeds.add(n.toString()));
        }
        seeds.add(nativeEvent("tok-ro", "repo:read", "docker/27 " + PAT, "acme/web"));
        seeds.add(nativeEvent("tok-ro2", "repo:read", "skopeo", "acme/" + JWT));

        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long line = 1; line <= LINES; line++) {
                String seed = seeds.get(random.nextInt(seeds.size()));
                int kind = random.nextInt(20);
                byte[] bytes;
                boolean bad = true;
                switch (kind) {
                    case 0 -> bytes = utf8(seed.substring(0, 1 + random.nextInt(seed.length() - 2)));
                    case 1 -> bytes = garbage(random);
                    case 2 -> bytes = invalidUtf8(seed, random);
                    case 3 -> bytes = utf8("[".repeat(5000) + "]".repeat(5000));
                    case 4 -> bytes = utf8(seed.replace("\"2026-", "\"99999-").replace("\"timestamp\"", "\"timestamp\""));
                    case 5 -> {
                        bytes = utf8(nativeWith("\"source\":{\"ip\":\"999.300.1.1\"}"));
                        bad = false;
                        badField.add(line);
                    }
                    case 6 -> {
                        boolean huge = line % 100 == 0; // over Jackson's string limit: the line is not readable at all
                        bytes = utf8(nativeWith("\"source\":{\"ip\":\"" + "a".repeat(huge ? 300_000 : 50) + "\"}"));
                        if (!huge) {
                            bad = false;
                            badField.add(line);
                        }
                    }
                    case 7 -> bytes = utf8(nativeWith("\"event\":{\"action\":42}"));
                    case 8 -> bytes = utf8("{\"user_agent\":\"" + BEARER + "\", \"broken\": ");
                    case 9 -> bytes = line % 2000 == 0 ? utf8("{\"x\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}") : utf8("42");
                    case 10 -> bytes = utf8(nativeWith("\"@timestamp\":\"1970-01-01T00:00:00Z\""));
                    case 11 -> { // a secret as the client address of a push: the push alerts, the secret stays out
                        bytes = utf8(nativeWith("\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"eve\"},"
                                + "\"source\":{\"ip\":\"" + BEARER + "\"}"));
                        bad = false;
                        badField.add(line);
                    }
                    default -> {
                        bytes = utf8(seed);
                        bad = false;
                    }
                }
                if (bad) surelyBad.add(line);
                out.write(bytes);
                out.write('\n');
            }
        }
    }

    private static String nativeEvent(String token, String scope, String userAgent, String repo) {
        return "{\"@timestamp\":\"2026-11-18T10:00:00Z\",\"event\":{\"action\":\"image.push\"},\"user\":{\"name\":\"alice\"},"
                + "\"token\":{\"id\":\"" + token + "\",\"scopes\":[\"" + scope + "\"]},\"user_agent\":{\"original\":\"" + userAgent
                + "\"},\"repository\":{\"name\":\"" + repo + "\"}}";
    }

    /** A native event whose last field overrides a valid one with something invalid. */
    private static String nativeWith(String field) {
        return "{\"@timestamp\":\"2026-11-18T10:00:00Z\",\"event\":{\"action\":\"image.pull\"}," + field + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] garbage(Random random) {
        byte[] b = new byte[1 + random.nextInt(200)];
        random.nextBytes(b);
        for (int i = 0; i < b.length; i++) if (b[i] == '\n' || b[i] == '\r') b[i] = '{';
        b[0] = (byte) 0xC3; // never a valid start of JSON, and with what follows, rarely valid UTF-8
        return b;
    }

    private static byte[] invalidUtf8(String seed, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] s = utf8(seed);
        int cut = random.nextInt(s.length);
        out.write(s, 0, cut);
        out.write(0xFF);
        out.write(0xFE);
        out.write(s, cut, s.length - cut);
        return out.toByteArray();
    }
}
