package dev.tokenwatch.source.poll;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Splits and the enumerator's state in checkpoints. Cursors are length-prefixed UTF-8: a token snapshot can pass 64 KB. */
final class PollSplitSerializer implements SimpleVersionedSerializer<PollSplit> {
    static final PollSplitSerializer INSTANCE = new PollSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(PollSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, split);
        }
        return bytes.toByteArray();
    }

    @Override
    public PollSplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static void write(DataOutputStream out, PollSplit split) throws IOException {
        writeText(out, split.poller());
        writeText(out, split.cursor());
    }

    static PollSplit read(DataInputStream in) throws IOException {
        return new PollSplit(readText(in), readText(in));
    }

    static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readText(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }

    /** The enumerator's state: the pollers it ever made a split for, and the splits no reader holds. */
    record EnumeratorState(List<String> created, List<PollSplit> unassigned) {}

    static final SimpleVersionedSerializer<EnumeratorState> ENUMERATOR = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(EnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(state.created().size());
                for (String name : state.created()) writeText(out, name);
                out.writeInt(state.unassigned().size());
                for (PollSplit split : state.unassigned()) write(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public EnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                List<String> created = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) created.add(readText(in));
                List<PollSplit> unassigned = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) unassigned.add(read(in));
                return new EnumeratorState(created, unassigned);
            }
        }
    };
}
