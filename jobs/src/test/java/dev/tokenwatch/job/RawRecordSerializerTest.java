package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.parse.RawRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RawRecordSerializerTest {
    @Test
    void aRecordSurvivesTheWireWithItsProblemOrWithout() throws Exception {
        RawRecord plain = RawRecord.of("spool/a.jsonl", 12, "{\"action\":\"push\",\"actor\":\"Zoë 東京\"}");
        RawRecord broken = new RawRecord("kafka registry-events", 3_000_000_000L, "{\"trunc", "line longer than 1048576 bytes: cut");
        DataOutputSerializer out = new DataOutputSerializer(64);
        RawRecordSerializer.INSTANCE.serialize(plain, out);
        RawRecordSerializer.INSTANCE.serialize(broken, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(RawRecordSerializer.INSTANCE.deserialize(in)).isEqualTo(plain);
        assertThat(RawRecordSerializer.INSTANCE.deserialize(in)).isEqualTo(broken);
        assertThat(in.available()).isZero();
    }

    @Test
    void theReadersTypeUsesIt() {
        EventTypes.register();
        assertThat(TypeInformation.of(RawRecord.class).createSerializer(new SerializerConfigImpl())).isSameAs(RawRecordSerializer.INSTANCE);
    }
}
