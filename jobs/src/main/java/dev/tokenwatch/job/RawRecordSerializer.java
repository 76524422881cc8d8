package dev.tokenwatch.job;

import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link RawRecord} from the readers to parsing, its texts as UTF-8. Flink's record serializer writes a string a
 * character at a time as variable-length integers and reads it back through a thread-local buffer: for lines of a
 * few hundred characters that was most of the readers' samples and 8% of the parsers'.
 */
public final class RawRecordSerializer extends TypeSerializerSingleton<RawRecord> {
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
    public RawRecord copy(RawRecord from, RawRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RawRecord record, DataOutputView out) throws IOException {
        writeString(record.origin(), out);
        out.writeLong(record.line());
        writeString(record.text(), out);
        writeString(record.problem(), out);
    }

    @Override
    public RawRecord deserialize(DataInputView in) throws IOException {
        return new RawRecord(readString(in), in.readLong(), readString(in), readString(in));
    }

    @Override
    public RawRecord deserialize(RawRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
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
