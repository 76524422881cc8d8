package dev.tokenwatch.sink.elasticsearch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/** Buffered actions in checkpoints: kind, index, id, document, partial, version. */
final class EsActionStateSerializer extends AsyncSinkWriterStateSerializer<EsAction> {
    @Override
    protected void serializeRequestToStream(EsAction a, DataOutputStream out) throws IOException {
        out.writeByte(a.kind.ordinal());
        out.writeUTF(a.index);
        out.writeUTF(a.id);
        writeLong(out, a.document);
        out.writeBoolean(a.partial != null);
        if (a.partial != null) writeLong(out, a.partial);
        out.writeLong(a.version);
    }

    @Override
    protected EsAction deserializeRequestFromStream(long size, DataInputStream in) throws IOException {
        EsAction.Kind kind = EsAction.Kind.values()[in.readByte()];
        String index = in.readUTF();
        String id = in.readUTF();
        String document = readLong(in);
        String partial = in.readBoolean() ? readLong(in) : null;
        return new EsAction(kind, index, id, document, partial, in.readLong());
    }

    @Override
    public int getVersion() {
        return 1;
    }

    /** writeUTF stops at 64 KiB; documents may be larger. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
