package dev.tokenwatch.testing;

import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The shipped samples as a live feed writes them to a topic: shared by the tests that put them through Kafka
 * ({@code KafkaJobIT}, {@code RescaleIT}, {@code FlinkClusterIT}) and compare the job with {@code replay}.
 */
public final class SampleStream {
    private SampleStream() {}

    public static Path samplesDir() {
        return TestRules.repoRoot().resolve("samples");
    }

    /** The samples' lines, file by file, as the receiver stores them (each JSON object re-serialized compactly). */
    public static List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> samples = Files.list(samplesDir())) {
            for (Path sample : samples.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(sample)) {
                    if (!line.isBlank()) lines.add(Json.MAPPER.readTree(line).toString());
                }
            }
        }
        return lines;
    }

    public static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
    }

    /** Lines [from, to) round-robin over the topic's partitions (by index), a hundred at a time, as a live feed would. */
    public static void write(KafkaProducer<String, String> producer, String topic, int partitions, List<String> lines, int from, int to)
            throws InterruptedException {
        for (int i = from; i < Math.min(to, lines.size()); i++) {
            producer.send(new ProducerRecord<>(topic, i % partitions, null, lines.get(i)));
            if (i % 100 == 99) {
                producer.flush();
                Thread.sleep(100);
            }
        }
        producer.flush();
    }
}
