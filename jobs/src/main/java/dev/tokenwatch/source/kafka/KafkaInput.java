package dev.tokenwatch.source.kafka;

import dev.tokenwatch.parse.RawRecord;
import java.io.Serializable;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

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
