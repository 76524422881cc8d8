package dev.tokenwatch.source.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's Kafka side without a broker: what a record carries, and that an unacknowledged batch is a refusal. */
class KafkaWriterTest {
    private static final String TOKEN = "sender-secret";

    @TempDir
    Path dir;

    @Test
    void eachLineIsOneRecordWithTheEndpointAsAHeader() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaWriter writer = new KafkaWriter(producer, "b:9092", "audit");
        writer.store("distribution", ".jsonl", List.of("{\"a\":1}", "{\"é\":2}"));
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).topic()).isEqualTo("audit");
        assertThat(sent.get(0).key()).isNull();
        assertThat(new String(sent.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"é\":2}");
        assertThat(new String(sent.get(0).headers().lastHeader(KafkaWriter.SOURCE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("distribution");
        assertThat(writer.recordsSent()).isEqualTo(2);
        assertThat(writer.writable()).isTrue();
        assertThat(writer.describe()).isEqualTo("kafka://b:9092/audit");
    }

    @Test
    void aRecordTheBrokerDoesNotAcknowledgeFailsTheBatchAndTheSenderIsAnsweredServiceUnavailable() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaWriter writer = new KafkaWriter(producer, "b:9092", "audit");
        Receiver receiver = Receiver.start(new Receiver.Settings(new InetSocketAddress("127.0.0.1", 0),
                SenderTokens.from(TOKEN, List.of()), dir.resolve("unused-spool"), dir.resolve("dl.jsonl"), 64 * 1024), writer);
        try {
            String base = "http://127.0.0.1:" + receiver.address().getPort();
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> answer = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{\"id\":\"e1\"}}\n{\"event\":{\"id\":\"e2\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // The first record acknowledged, the second refused (the in-sync replicas are too few): the whole batch fails.
            while (!producer.completeNext()) Thread.sleep(10);
            while (!producer.errorNext(new NotEnoughReplicasException("2 in-sync replicas needed"))) Thread.sleep(10);
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("retry later");
            assertThat(writer.writable()).isFalse();
            assertThat(writer.failures()).isEqualTo(1);
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"unavailable\":1");
        } finally {
            receiver.close();
        }
        assertThat(producer.closed()).as("the receiver closes its producer").isTrue();
    }

    @Test
    void aSendThatThrowsIsAnIOExceptionNotACrash() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer.close();
        KafkaWriter writer = new KafkaWriter(producer, "b:9092", "audit");
        assertThatThrownBy(() -> writer.store("events", ".jsonl", List.of("{}"))).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("cannot send to Kafka");
        assertThat(writer.writable()).isFalse();
    }
}
