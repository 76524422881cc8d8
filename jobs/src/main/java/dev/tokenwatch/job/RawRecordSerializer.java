package dev.tokenwatch.job;

import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link RawRecord} from the readers to parsing, its texts as UTF-8 ({@link Utf8Strings}). Flink's record serializer
 * writes a string a character at a time as variable-length integers and reads it back through a thread-local buffer:
 * for lines of a few hundred characters that was most of the readers' samples and 8% of the parsers'.
 */
public final class RawRecordSerializer extends VariableLengthSerializer<RawRecord> {
    public static final RawRecordSerializer INSTANCE = new RawRecordSerializer();

    private RawRecordSerializer() {}

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public RawRecord createInstance() {
        return RawRecord.of("", 0, "");
    }

    @Override
    public RawRecord copy(RawRecord from) {
        return from;
    }

    @Override
    public void serialize(RawRecord record, DataOutputView out) throws IOException {
        Utf8Strings.write(record.origin(), out);
        out.writeLong(record.line());
        Utf8Strings.write(record.text(), out);
        Utf8Strings.write(record.problem(), out);
    }

    @Override
    public RawRecord deserialize(DataInputView in) throws IOException {
        return new RawRecord(Utf8Strings.read(in), in.readLong(), Utf8Strings.read(in), Utf8Strings.read(in));
    }

    @Override
    public TypeSerializerSnapshot<RawRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: origin, line, text, problem. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
