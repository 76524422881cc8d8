package dev.tokenwatch.source.kafka;

import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Where the job reads its records from Kafka.
 *
 * <p>Offsets live in Flink's checkpoints (the source stores each partition's position there), so a job resumed from a
 * checkpoint continues exactly where it was, whatever the group's committed offsets say; they are committed back to
 * Kafka at each checkpoint only so that lag can be watched. Without a checkpoint the job starts at {@code start}.
 * Delivery into the job is at least once (a record read after the last checkpoint is read again after a crash); the job
 * drops repeated event ids and its alert files are exactly once, so the alerts are not repeated.
 *
 * @param bootstrap  {@code HOST:PORT[,HOST:PORT...]}
 * @param start      where to begin without a checkpoint
 * @param group      the consumer group id (offsets committed for monitoring)
 * @param properties client settings (SASL, TLS...) from the operator's properties file; never in the repository
 */
public record KafkaInput(String bootstrap, String topic, Start start, String group, Properties properties) implements Serializable {
    public static final String DEFAULT_GROUP = "tokenwatch";

    public enum Start { EARLIEST, LATEST }

    public KafkaInput {
        properties = properties == null ? new Properties() : properties;
    }

    /**
     * Checks that the broker answers and the topic exists, so that a wrong address or topic is told at start rather
     * than as a job that fails over and over.
     */
    public void checkTopic(Duration timeout) throws IOException {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Admin admin = Admin.create(p);
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IOException("topic " + topic + " does not exist at " + bootstrap + ": create it, or name the right one");
            }
            throw new IOException("cannot reach Kafka at " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Kafka at " + bootstrap + " for topic " + topic, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    public KafkaSource<RawRecord> source() {
        return KafkaSource.<RawRecord>builder()
                .setProperties(properties)
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(start == Start.LATEST ? OffsetsInitializer.latest() : OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecords())
                .build();
    }
}
