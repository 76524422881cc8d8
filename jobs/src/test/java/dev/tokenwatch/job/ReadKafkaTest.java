package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.source.kafka.KafkaInput;
import java.util.Properties;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The Kafka source as the job gets it: its stable uid (savepoints map the offsets by it), unbounded. */
class ReadKafkaTest {
    @Test
    void theKafkaSourceHasTheStableUidAndNeverEnds() {
        Properties client = new Properties();
        client.setProperty("security.protocol", "SASL_SSL");
        KafkaInput input = new KafkaInput("k1:9092", "audit", KafkaInput.Start.LATEST, KafkaInput.DEFAULT_GROUP, client);
        DataStream<RawRecord> records = TokenwatchJob.readKafka(StreamExecutionEnvironment.getExecutionEnvironment(), input);
        assertThat(records.getTransformation().getUid()).isEqualTo("source-kafka");
        KafkaSource<RawRecord> source = input.source();
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.getProducedType().getTypeClass()).isEqualTo(RawRecord.class);
    }
}
