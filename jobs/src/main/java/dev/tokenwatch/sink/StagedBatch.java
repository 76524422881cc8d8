package dev.tokenwatch.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The committable of {@link CheckpointedLineFile}: staged batch {@code batch} holds {@code lines} lines. */
record StagedBatch(long batch, long lines) {

    static final class Serializer implements SimpleVersionedSerializer<StagedBatch> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(StagedBatch staged) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(staged.batch);
                out.writeLong(staged.lines);
            }
            return bytes.toByteArray();
        }

        @Override
        public StagedBatch deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("unknown staged batch version " + version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new StagedBatch(in.readLong(), in.readLong());
            }
        }
    }
}
