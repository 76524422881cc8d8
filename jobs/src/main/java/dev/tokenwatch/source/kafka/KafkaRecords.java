package dev.tokenwatch.source.kafka;

import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.source.LineReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as a {@link RawRecord}: its value is one line or one document of UTF-8 text (any format the parser
 * recognizes by content), its origin {@code kafka:TOPIC/PARTITION} and its line the offset, so a dead letter points
 * back at the record. Never throws: a value that is not valid UTF-8 or larger than {@link LineReader#MAX_LINE_BYTES}
 * becomes a record with its {@code problem} set, a dead letter with the reason; a null value (a tombstone) is a blank
 * record, counted as such.
 */
public final class KafkaRecords implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;
    /** As much of a bad value as the dead letter needs (it shows less; secrets crossing its cut are scrubbed whole). */
    private static final int KEPT_OF_BAD = 4096;

    /** Plain Java, so it is testable without a broker. */
    public static RawRecord toRecord(String topic, int partition, long offset, byte[] value) {
        String origin = origin(topic, partition);
        if (value == null) return RawRecord.of(origin, offset, "");
        if (value.length > LineReader.MAX_LINE_BYTES) {
            return new RawRecord(origin, offset, lossy(value, KEPT_OF_BAD),
                    "record is " + value.length + " bytes, more than the limit of " + LineReader.MAX_LINE_BYTES);
        }
        int from = value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF ? 3 : 0;
        int to = value.length;
        while (to > from && (value[to - 1] == '\n' || value[to - 1] == '\r')) to--;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value, from, to - from)).toString();
            return RawRecord.of(origin, offset, text);
        } catch (CharacterCodingException e) {
            return new RawRecord(origin, offset, lossy(value, KEPT_OF_BAD), "invalid UTF-8");
        }
    }

    public static String origin(String topic, int partition) {
        return "kafka:" + topic + "/" + partition;
    }

    private static String lossy(byte[] bytes, int max) {
        return new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(toRecord(record.topic(), record.partition(), record.offset(), record.value()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
