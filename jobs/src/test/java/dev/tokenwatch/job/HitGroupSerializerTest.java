package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.event.Event;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.StringValue;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class HitGroupSerializerTest {
    /** A group's part with every field of RuleHit but its event set to a value of its own, so a forgotten field shows. */
    private static RuleHit everyFieldSet(int seed) throws IllegalAccessException {
        RuleHit hit = new RuleHit();
        int n = seed;
        for (Field f : RuleHit.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("event")) continue;
            n++;
            Class<?> type = f.getType();
            if (type == String.class) f.set(hit, f.getName() + "-" + n);
            else if (type == int.class) f.setInt(hit, n);
            else if (type == RuleHit.Role.class) f.set(hit, RuleHit.Role.values()[n % RuleHit.Role.values().length]);
            else throw new AssertionError("RuleHit." + f.getName() + " has a type the test (and maybe the serializer) does not know: " + type);
        }
        return hit;
    }

    private static HitGroup roundTrip(HitGroup group) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        HitGroupSerializer.INSTANCE.serialize(group, out);
        HitGroupSerializer.INSTANCE.serialize(group, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        HitGroup first = HitGroupSerializer.INSTANCE.deserialize(in);
        assertThat(HitGroupSerializer.INSTANCE.deserialize(in)).usingRecursiveComparison().isEqualTo(first);
        return first;
    }

    @Test
    void everyPartOfAGroupSurvivesTheWireAndACopy() throws Exception {
        Event e = event("2026-11-16T08:00:00Z", "image.pull", "tok-1", "80.130.1.2");
        RuleHit ownKey = everyFieldSet(0);
        RuleHit otherKey = everyFieldSet(10);
        HitGroup group = HitGroup.of(e, List.of(ownKey.withEvent(e), otherKey.withEvent(e))).get(0);
        group.hits = new RuleHit[] {group.hits[0], otherKey, new RuleHit("tw-x", "match", group.key, null, -1, null)};
        assertThat(roundTrip(group)).usingRecursiveComparison().isEqualTo(group);
        assertThat(HitGroupSerializer.INSTANCE.copy(group)).usingRecursiveComparison().isEqualTo(group);
    }

    @Test
    void readsStringsAsFlinksStringValueWritesThem() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        List<String> strings = Arrays.asList("tw-token-new-source", null, "", "Zürich 東京 \uD83D\uDE00", "x".repeat(200), "y".repeat(20_000));
        for (String s : strings) StringValue.writeString(s, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : strings) assertThat(HitGroupSerializer.readString(in)).isEqualTo(s);
        assertThat(in.available()).isZero();
    }

    @Test
    void anEmptyGroupStaysEmpty() throws Exception {
        HitGroup group = new HitGroup();
        group.key = "k";
        assertThat(roundTrip(group)).usingRecursiveComparison().isEqualTo(group);
    }

    @Test
    void aPartCarryingAnEventOfItsOwnIsRefusedNamingTheRule() {
        Event e = event("2026-11-16T08:00:00Z", "image.pull", "tok-1", null);
        HitGroup group = HitGroup.of(e, List.of(new RuleHit("tw-a", "match", "k", RuleHit.Role.CHECK, -1, e))).get(0);
        group.hits[0] = group.hits[0].withEvent(e);
        assertThatThrownBy(() -> HitGroupSerializer.INSTANCE.serialize(group, new DataOutputSerializer(64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tw-a");
    }
}
