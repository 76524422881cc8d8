package dev.tokenwatch.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.source.LineReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {
    @Test
    void aRecordIsOneLineWithTopicPartitionAsOriginAndTheOffsetAsLine() throws Exception {
        List<RawRecord> out = new ArrayList<>();
        new KafkaRecords().deserialize(new ConsumerRecord<>("audit", 3, 42L, null, "{\"a\":\"é\"}\n".getBytes(StandardCharsets.UTF_8)),
                new Collector<>() {
                    public void collect(RawRecord r) { out.add(r); }
                    public void close() {}
                });
        assertThat(out).containsExactly(RawRecord.of("kafka:audit/3", 42, "{\"a\":\"é\"}"));
    }

    @Test
    void invalidUtf8IsARecordWithItsProblemNotAnException() {
        RawRecord r = KafkaRecords.toRecord("t", 0, 7, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        assertThat(r.problem()).isEqualTo("invalid UTF-8");
        assertThat(r.origin()).isEqualTo("kafka:t/0");
        assertThat(r.line()).isEqualTo(7);
    }

    @Test
    void anOversizeValueIsARecordWithItsProblemAndATruncatedText() {
        byte[] big = new byte[LineReader.MAX_LINE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        RawRecord r = KafkaRecords.toRecord("t", 1, 0, big);
        assertThat(r.problem()).contains("more than the limit of " + LineReader.MAX_LINE_BYTES);
        assertThat(r.text().length()).isLessThan(10_000);
    }

    @Test
    void aTombstoneIsABlankRecordAndAByteOrderMarkIsDropped() {
        assertThat(KafkaRecords.toRecord("t", 0, 1, null)).isEqualTo(RawRecord.of("kafka:t/0", 1, ""));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}', '\r', '\n'};
        assertThat(KafkaRecords.toRecord("t", 0, 2, bom).text()).isEqualTo("{}");
    }
}
