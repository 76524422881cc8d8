package dev.tokenwatch.source.receiver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Stores accepted lines in a Kafka topic, one record per line (value: the line in UTF-8, no key, header
 * {@value #SOURCE_HEADER}: the endpoint), for a job that reads the topic ({@code run --kafka}).
 * {@link #store} returns only once the broker has acknowledged every record of the batch ({@code acks=all}, idempotent
 * producer), so a 2xx answer means the events are replicated; a record not acknowledged within the timeout makes it
 * throw, the sender is answered 503 and retries. A retry may put lines on the topic twice (some records of the failed
 * batch may have been written): the job drops repeated event ids.
 */
public final class KafkaWriter implements AcceptedLines {
    public static final String SOURCE_HEADER = "tokenwatch-source";
    /** How long a batch may wait for the broker's acknowledgements before the sender is told to retry. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String bootstrap;
    private final String topic;
    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean lastFailed;

    KafkaWriter(Producer<byte[], byte[]> producer, String bootstrap, String topic) {
        this.producer = producer;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /**
     * Connects and checks that the topic exists, so a wrong address or topic is told at start, not at the first post.
     *
     * @param client the operator's client settings (SASL, TLS...); acknowledgement settings are forced
     */
    public static KafkaWriter open(String bootstrap, String topic, Properties client) throws IOException {
        Properties p = new Properties();
        // Bounded waits: a sender is waiting on the answer. The operator's file may change them.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis() - 5000));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tokenwatch-receiver");
        if (client != null) p.putAll(client);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(p);
        } catch (RuntimeException e) {
            throw new IOException("Kafka producer for " + bootstrap + ": " + e.getMessage(), e);
        }
        try {
            if (producer.partitionsFor(topic).isEmpty()) throw new IOException("topic " + topic + " has no partitions");
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw new IOException("cannot reach topic " + topic + " at " + bootstrap + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); is the broker up and the topic created?", e);
        } catch (IOException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new KafkaWriter(producer, bootstrap, topic);
    }

    @Override
    public void store(String source, String extension, List<String> lines) throws IOException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
        byte[] header = source.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        try {
            for (String line : lines) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, line.getBytes(StandardCharsets.UTF_8));
                record.headers().add(SOURCE_HEADER, header);
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(new IOException("interrupted while waiting for Kafka's acknowledgement", e));
        } catch (ExecutionException e) {
            throw failed(new IOException("Kafka refused a record: " + e.getCause(), e.getCause()));
        } catch (TimeoutException e) {
            throw failed(new IOException("no acknowledgement from Kafka within " + ACK_TIMEOUT.toSeconds() + " s", e));
        } catch (RuntimeException e) {
            throw failed(new IOException("cannot send to Kafka: " + e, e));
        }
        lastFailed = false;
        recordsSent.addAndGet(lines.size());
    }

    private IOException failed(IOException e) {
        lastFailed = true;
        failures.incrementAndGet();
        return e;
    }

    /** False while the last batch failed: the next one may well succeed, but the health check tells the operator. */
    @Override
    public boolean writable() {
        return !lastFailed;
    }

    @Override
    public String describe() {
        return "kafka://" + bootstrap + "/" + topic;
    }

    /** Records acknowledged by the broker so far. */
    public long recordsSent() {
        return recordsSent.get();
    }

    /** Batches that failed (answered 503 or, for syslog and tailed files, handled as the spool's refusals). */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
