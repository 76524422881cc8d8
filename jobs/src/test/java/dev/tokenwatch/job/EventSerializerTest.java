package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventSerializerTest {
    /** Every instance field of Event set, each to a value of its own, so a field the serializer forgets shows. */
    private static Event everyFieldSet() throws IllegalAccessException {
        Event event = new Event();
        int n = 0;
        for (Field f : Event.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            n++;
            Class<?> type = f.getType();
            if (type == long.class) f.setLong(event, 1_700_000_000_000L + n);
            else if (type == String.class) f.set(event, f.getName() + "-é-" + n);
            else if (type == String[].class) f.set(event, new String[] {f.getName(), null, "ü" + n});
            else if (type == Long.class) f.set(event, (long) n);
            else if (type == Double.class) f.set(event, n + 0.5);
            else if (type == Boolean.class) f.set(event, Boolean.TRUE);
            else throw new AssertionError("Event." + f.getName() + " has a type the test (and maybe the serializer) does not know: " + type);
        }
        return event;
    }

    @Test
    void everyFieldSurvivesTheWireAndACopy() throws Exception {
        Event event = everyFieldSet();
        DataOutputSerializer out = new DataOutputSerializer(256);
        EventSerializer.INSTANCE.serialize(event, out);
        Event read = EventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read).usingRecursiveComparison().isEqualTo(event);
        assertThat(EventSerializer.INSTANCE.copy(event)).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void textOutsideAsciiAndLongerThanTheReadBufferSurvivesTheWire() throws Exception {
        Event event = new Event();
        event.cityName = "São Paulo";
        event.asOrganization = "Deutsche Telekom AG — 北京 🚀";
        event.userAgent = "x".repeat(5000);
        event.id = "";
        DataOutputSerializer out = new DataOutputSerializer(64);
        EventSerializer.INSTANCE.serialize(event, out);
        EventSerializer.INSTANCE.serialize(event, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int i = 0; i < 2; i++) assertThat(EventSerializer.INSTANCE.deserialize(in)).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void anEmptyEventStaysEmpty() throws Exception {
        Event event = new Event();
        DataOutputSerializer out = new DataOutputSerializer(16);
        EventSerializer.INSTANCE.serialize(event, out);
        assertThat(EventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void flinkUsesItForEventsAndForTheEventFieldsOfTheJobsOtherTypes() {
        EventTypes.register();
        assertThat(TypeInformation.of(Event.class)).isEqualTo(EventTypes.EVENT);
        assertThat(TypeInformation.of(HitGroup.class)).isEqualTo(EventTypes.HIT_GROUP);
        for (Class<?> type : new Class<?>[] {Detection.class, Alert.class}) {
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) TypeInformation.of(type);
            assertThat(pojo.getTypeAt("event")).as(type.getSimpleName()).isEqualTo(EventTypes.EVENT);
        }
        assertThat(EventTypes.EVENT.createSerializer(new SerializerConfigImpl())).isSameAs(EventSerializer.INSTANCE);
    }
}
