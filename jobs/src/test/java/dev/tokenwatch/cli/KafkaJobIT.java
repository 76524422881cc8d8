package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.source.receiver.KafkaWriter;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.AlertsIndex;
import dev.tokenwatch.testing.ChatReceiver;
import dev.tokenwatch.testing.ChatRepeats;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.ElasticsearchTestServer;
import dev.tokenwatch.testing.KafkaTestBroker;
import dev.tokenwatch.testing.LiveRuns;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.SampleStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape on one machine: a real Kafka broker ({@link KafkaTestBroker}), the receiver writing into a
 * topic ({@code receive --kafka}, its own JVM) and the job reading it ({@code run --kafka}, its own JVM), checked against
 * {@code replay} of the same events. Then a partition that stays quiet, and the job killed with SIGKILL three times
 * while the topic is being written, with Elasticsearch and chat in the loop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaJobIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String TOKEN = "sender-secret";
    private static final String ES_PREFIX = "tokenwatch-kafka-it";
    private static final String CHAT = "/soc";
    private static final int CHAT_CONCURRENCY = 4;
    private static final Duration CHAT_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static KafkaTestBroker broker;
    /** The samples' lines as the receiver stores them (each JSON object re-serialized compactly). */
    static List<String> sampleLines;
    static Map<String, String> replayed;
    static List<String> undisturbedLines;

    @BeforeAll
    static void startTheBrokerAndReplayTheSamples() throws Exception {
        broker = KafkaTestBroker.get();
        sampleLines = SampleStream.lines();
        Path out = dir.resolve("replay.jsonl");
        Cli.Run replay = Cli.run("replay", "--out", out.toString(), SampleStream.samplesDir().toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        replayed = AlertLines.latest(out);
        assertThat(replayed).hasSizeGreaterThanOrEqualTo(20);
    }

    private static String[] run(Path data, String topic, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--kafka", broker.bootstrap(), "--topic", topic,
                "--no-samples", "-p", "2", "--no-reload", "--checkpoint-interval", "1s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void eventsPostedToTheReceiverGoThroughKafkaToTheSameAlertsAsAReplay() throws Exception {
        String topic = broker.createTopic("received", 2);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        int port = LiveRuns.freePort();
        Path receiverData = dir.resolve("receiver");
        try (RunProcess receiver = RunProcess.command(receiverData.resolve("receive.log"), Map.of(), "receive",
                "--data", receiverData.toString(), "--listen", "127.0.0.1:" + port, "--receiver-token-file", tokenFile.toString(),
                "--kafka", broker.bootstrap(), "--topic", topic)) {
            receiver.await(() -> receiver.log().contains("Receiver: http://"), "the receiver", WAIT);
            assertThat(receiver.log()).contains("-> kafka://" + broker.bootstrap() + "/" + topic);
            HttpClient client = HttpClient.newHttpClient();
            for (int from = 0; from < sampleLines.size(); from += 500) {
                String body = String.join("\n", sampleLines.subList(from, Math.min(sampleLines.size(), from + 500))) + "\n";
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
        }
        // Answered 200 only after the broker acknowledged: every line is on the topic now, with its endpoint as a header.
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, sampleLines.size());
        assertThat(records).hasSize(sampleLines.size());
        assertThat(new String(records.get(0).headers().lastHeader(KafkaWriter.SOURCE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("events");
        assertThat(records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).sorted().toList())
                .isEqualTo(sampleLines.stream().sorted().toList());
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).as("both partitions written").isEqualTo(2);

        Path data = dir.resolve("undisturbed");
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, topic, "--fresh", "--settle", "2s"))) {
            LiveRuns.awaitEqual(() -> AlertLines.latest(data.resolve("alerts.jsonl")), replayed, job, WAIT);
        }
        undisturbedLines = AlertLines.lines(data.resolve("alerts.jsonl")).stream().sorted().toList();
    }

    /**
     * Event time is each event's own, assigned per reader after parsing; a reader whose partition never had an event
     * is idle and holds no one back, so the alert of an event in the other partition is not held up.
     */
    @Test
    @Order(2)
    void aPartitionWithNoEventsDoesNotHoldBackDetection() throws Exception {
        String topic = broker.createTopic("one-quiet-partition", 2);
        Path data = dir.resolve("quiet");
        try (RunProcess job = RunProcess.start(data.resolve("run.log"), run(data, topic, "--fresh", "--settle", "2s"));
             KafkaProducer<String, String> producer = producer()) {
            job.await(() -> job.log().contains("No checkpoint yet"), "the job", WAIT);
            String event = "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"quiet-1\",\"action\":\"image.push\"},"
                    + "\"user\":{\"name\":\"ci\"},\"token\":{\"id\":\"tok-quiet\",\"scopes\":[\"repo:read\"]},"
                    + "\"repository\":{\"name\":\"acme/web\"}}";
            producer.send(new ProducerRecord<>(topic, 0, null, event)).get(30, TimeUnit.SECONDS);
            job.await(() -> AlertLines.lines(data.resolve("alerts.jsonl")).stream()
                    .anyMatch(l -> l.contains("\"tw-push-read-only-token\"") && l.contains("tok-quiet")),
                    "the alert of the event in partition 0 while partition 1 stays empty", Duration.ofSeconds(90));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            assertThat(consumer.endOffsets(List.of(new TopicPartition(topic, 1))).get(new TopicPartition(topic, 1))).isZero();
        }
    }

    /**
     * The samples written in four parts: while the first run reads, while it is down, while the second run reads, while
     * that is down. Each run is killed after a checkpoint completed, so each resume starts from offsets in a checkpoint
     * with more of the topic still to come; the third once alerts have reached the file, and so Elasticsearch and
     * chat.
     * <p>
     * The records have no key: they are dealt round-robin over the three partitions by their index, so one token's (or
     * user's) events come from several partitions, which the job's two readers share out; the test checks that on the
     * topic. The job writes to a real Elasticsearch ({@link ElasticsearchTestServer}) and to a chat destination on a
     * real HTTP server ({@link ChatReceiver}) that takes every alert. In the end the alerts index holds the undisturbed
     * run's alert ids, each once at its last version, and the chat has every alert, a repeat only where a request was
     * under way at a kill.
     */
    @Test
    @Order(3)
    void killedThreeTimesWhileTheTopicIsWrittenItsAlertsFileElasticsearchAndChatHoldWhatAnUndisturbedRunMade() throws Exception {
        String topic = broker.createTopic("killed", 3);
        Path data = dir.resolve("killed");
        Set<Path> seen = new HashSet<>();
        Path checkpoints = data.resolve("checkpoints");
        int quarter = (sampleLines.size() + 3) / 4;
        List<Long> kills = new ArrayList<>();
        String es = ElasticsearchTestServer.get().url();
        AlertsIndex index = new AlertsIndex(es, ES_PREFIX);
        try (ChatReceiver chat = ChatReceiver.start()) {
            // A longer settle than the other runs: a pause in the writing (a part written, the job killed and restarted)
            // shorter than this is not taken for the end of the input, so event time holds until everything is read.
            String[] args = run(data, topic, "--settle", "15s", "--es-url", es,
                    "--es-index-prefix", ES_PREFIX, "--routes", routes(chat).toString());
            try (KafkaProducer<String, String> producer = producer()) {
                try (RunProcess job = RunProcess.start(data.resolve("run.log"), with(args, "--fresh"))) {
                    job.await(() -> job.log().contains("No checkpoint yet"), "the job", WAIT);
                    write(producer, topic, 0, quarter);
                    LiveRuns.awaitNewCheckpoints(checkpoints, seen, 1, job, WAIT);
                    kill(job, kills);
                }
                write(producer, topic, quarter, 2 * quarter);
                try (RunProcess job = RunProcess.start(data.resolve("run.log"), args)) {
                    job.await(() -> job.log().contains("Resuming from checkpoint"), "the job", WAIT);
                    write(producer, topic, 2 * quarter, 3 * quarter);
                    LiveRuns.awaitNewCheckpoints(checkpoints, seen, 2, job, WAIT);
                    kill(job, kills);
                }
                write(producer, topic, 3 * quarter, sampleLines.size());
            }
            try (RunProcess job = RunProcess.start(data.resolve("run.log"), args)) {
                job.await(() -> AlertLines.lines(data.resolve("alerts.jsonl")).size() >= 5, "alerts in the file", WAIT);
                kill(job, kills);
            }
            try (RunProcess job = RunProcess.start(data.resolve("run.log"), args)) {
                LiveRuns.awaitEqual(() -> AlertLines.latest(data.resolve("alerts.jsonl")), replayed, job, WAIT);
                LiveRuns.awaitEqual(index::latest, replayed, job, WAIT);
                job.await(() -> ChatRepeats.ids(chat.delivered(CHAT)).containsAll(replayed.keySet()), "every alert in chat", WAIT);
                Thread.sleep(3000); // a late repeat would show now
                assertThat(job.log()).contains("Resuming from checkpoint");
            }
            List<String> lines = AlertLines.lines(data.resolve("alerts.jsonl"));
            assertThat(lines).as("no alert version written twice").doesNotHaveDuplicates();
            assertThat(lines.stream().sorted().toList()).as("the undisturbed run's alert versions").isEqualTo(undisturbedLines);
            assertThat(index.latest()).as("the alerts index: the undisturbed run's ids at their last versions").isEqualTo(replayed);
            assertThat(index.documents()).as("one document per alert id").isEqualTo(replayed.size());
            assertThat(ChatRepeats.ids(chat.delivered(CHAT))).as("every alert in chat").isEqualTo(replayed.keySet());
            ChatRepeats.assertOnlyWhatWasUnderWayAtAKillRepeats(CHAT, chat.delivered(CHAT), kills, CHAT_CONCURRENCY, CHAT_TIMEOUT);
        }
        assertThat(partitionsNaming(alertedEntities(), readAll(topic, sampleLines.size())))
                .as("every alerted token or user named in more than one record is named in more than one partition")
                .isNotEmpty().allSatisfy((entity, partitions) -> assertThat(partitions).as(entity).hasSizeGreaterThan(1));
    }

    /** One destination that takes every alert; a request times out after {@link #CHAT_TIMEOUT} and is tried twice. */
    private static Path routes(ChatReceiver chat) throws Exception {
        return Files.writeString(dir.resolve("routes.yaml"), "delivery: {timeout: " + CHAT_TIMEOUT.toSeconds() + "s, max_attempts: 2,"
                + " first_backoff: 200ms, max_backoff: 1s, concurrency: " + CHAT_CONCURRENCY + "}\n"
                + "destinations:\n  - name: soc\n    type: slack\n    url: " + chat.url(CHAT) + "\n");
    }

    @Test
    @Order(4)
    void aTopicThatDoesNotExistIsToldAtStartNotAsAJobFailingOverAndOver() {
        Cli.Run run = Cli.run("run", "--data", dir.resolve("no-topic").toString(), "--no-samples",
                "--kafka", broker.bootstrap(), "--topic", "no-such-topic");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--topic no-such-topic", "topic no-such-topic does not exist at " + broker.bootstrap());
    }

    private static String[] with(String[] args, String more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(more);
        return all.toArray(String[]::new);
    }

    private static void kill(RunProcess job, List<Long> kills) throws InterruptedException {
        job.kill();
        kills.add(System.currentTimeMillis()); // the process is gone: nothing it sent arrives later than this
    }

    /** The tokens and users the undisturbed run's alerts are about ({@code entity.id}). */
    private static Set<String> alertedEntities() throws Exception {
        Set<String> entities = new HashSet<>();
        for (String line : undisturbedLines) entities.add(Json.MAPPER.readTree(line).path("entity").path("id").asText());
        return entities;
    }

    /** Each entity named (as a JSON string) in more than one record, with the partitions of those records. */
    private static Map<String, Set<Integer>> partitionsNaming(Set<String> entities, List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Set<Integer>> partitions = new TreeMap<>();
        for (String entity : entities) {
            List<ConsumerRecord<byte[], byte[]>> naming = records.stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + entity + "\"")).toList();
            if (naming.size() > 1) partitions.put(entity, naming.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()));
        }
        return partitions;
    }

    /** Sample lines [from, to) round-robin over the topic's three partitions. */
    private static void write(KafkaProducer<String, String> producer, String topic, int from, int to) throws Exception {
        SampleStream.write(producer, topic, 3, sampleLines, from, to);
    }

    private static KafkaProducer<String, String> producer() {
        return SampleStream.producer(broker.bootstrap());
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
