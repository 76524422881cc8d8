package dev.tokenwatch.job;

import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.detect.RuleHit;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * {@link HitGroup} between match and rule state, and in rule state's held groups: the group key once (every hit of
 * a group has it), the event with {@link EventSerializer}, then each rule's part. Flink's POJO serializer (fields by
 * reflection, the key again in every hit) was a tenth of rule state's samples.
 */
public final class HitGroupSerializer extends VariableLengthSerializer<HitGroup> {
    public static final HitGroupSerializer INSTANCE = new HitGroupSerializer();
    private static final RuleHit.Role[] ROLES = RuleHit.Role.values();

    private HitGroupSerializer() {}

    @Override
    public HitGroup createInstance() {
        return new HitGroup();
    }

    @Override
    public HitGroup copy(HitGroup from) {
        HitGroup to = new HitGroup();
        to.key = from.key;
        to.event = from.event == null ? null : EventSerializer.INSTANCE.copy(from.event);
        if (from.hits != null) {
            to.hits = new RuleHit[from.hits.length];
            for (int i = 0; i < from.hits.length; i++) to.hits[i] = from.hits[i].withEvent(from.hits[i].event);
        }
        return to;
    }

    @Override
    public void serialize(HitGroup group, DataOutputView out) throws IOException {
        StringValue.writeString(group.key, out);
        out.writeBoolean(group.event != null);
        if (group.event != null) EventSerializer.INSTANCE.serialize(group.event, out);
        out.writeInt(group.hits == null ? -1 : group.hits.length);
        if (group.hits == null) return;
        for (RuleHit hit : group.hits) {
            // A group carries its event once; a hit with an event of its own is not a group's part.
            if (hit.event != null) throw new IllegalArgumentException("hit group " + group.key + ": the hit of rule " + hit.ruleId + " carries an event");
            StringValue.writeString(hit.ruleId, out);
            StringValue.writeString(hit.ruleType, out);
            boolean groupKey = hit.key != null && hit.key.equals(group.key);
            out.writeBoolean(groupKey);
            if (!groupKey) StringValue.writeString(hit.key, out);
            out.writeByte(hit.role == null ? -1 : hit.role.ordinal());
            out.writeInt(hit.step);
            out.writeInt(hit.quietFields);
        }
    }

    @Override
    public HitGroup deserialize(DataInputView in) throws IOException {
        HitGroup group = new HitGroup();
        group.key = readString(in);
        if (in.readBoolean()) group.event = EventSerializer.INSTANCE.deserialize(in);
        int hits = in.readInt();
        if (hits < 0) return group;
        group.hits = new RuleHit[hits];
        for (int i = 0; i < hits; i++) {
            RuleHit hit = new RuleHit();
            hit.ruleId = readString(in);
            hit.ruleType = readString(in);
            hit.key = in.readBoolean() ? group.key : readString(in);
            byte role = in.readByte();
            hit.role = role < 0 ? null : ROLES[role];
            hit.step = in.readInt();
            hit.quietFields = in.readInt();
            group.hits[i] = hit;
        }
        return group;
    }

    /**
     * Reads what {@link StringValue#writeString} wrote (the format of held groups in checkpoints), as
     * {@link StringValue#readString} does but without its thread-local buffer: in the match and rule-state threads,
     * where Esper keeps many thread-locals, finding that buffer was 4% of rule state's samples.
     */
    static String readString(DataInputView in) throws IOException {
        int length = readVarInt(in, in.readUnsignedByte());
        if (length == 0) return null;
        char[] chars = new char[length - 1];
        for (int i = 0; i < chars.length; i++) chars[i] = (char) readVarInt(in, in.readUnsignedByte());
        return new String(chars);
    }

    private static int readVarInt(DataInputView in, int first) throws IOException {
        if (first < 0x80) return first;
        int value = first & 0x7f;
        int shift = 7;
        int next;
        while ((next = in.readUnsignedByte()) >= 0x80) {
            value |= (next & 0x7f) << shift;
            shift += 7;
        }
        return value | next << shift;
    }

    @Override
    public TypeSerializerSnapshot<HitGroup> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: the layout above. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HitGroup> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
