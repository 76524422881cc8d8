package dev.tokenwatch.job;

import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.RawRecord;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * Tells Flink to ship and keep {@link Event} with {@link EventSerializer}, {@link HitGroup} with
 * {@link HitGroupSerializer} and {@link RawRecord} with {@link RawRecordSerializer}, wherever they appear: as a stream's type, in state, and as fields of the detections
 * and alerts, whose POJO serializers find them here. The domain classes stay free of Flink; the registration is
 * made before the job's types are built ({@link TokenwatchJob}, {@link StateDescriptors}).
 */
public final class EventTypes {
    static {
        TypeExtractor.registerFactory(Event.class, EventFactory.class);
        TypeExtractor.registerFactory(HitGroup.class, HitGroupFactory.class);
        TypeExtractor.registerFactory(RawRecord.class, RawRecordFactory.class);
    }

    /** The type of events. */
    public static final TypeInformation<Event> EVENT = new Info<>(Event.class, EventSerializer.INSTANCE);
    /** The type of hit groups. */
    public static final TypeInformation<HitGroup> HIT_GROUP = new Info<>(HitGroup.class, HitGroupSerializer.INSTANCE);

    /** The type of what the readers deliver. */
    public static final TypeInformation<RawRecord> RAW_RECORD = new Info<>(RawRecord.class, RawRecordSerializer.INSTANCE);

    private EventTypes() {}

    /** Makes sure the registration is done; the class's initialization does it. */
    static void register() {
        // The static initializer above.
    }

    public static final class EventFactory extends TypeInfoFactory<Event> {
        @Override
        public TypeInformation<Event> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return EVENT;
        }
    }

    public static final class HitGroupFactory extends TypeInfoFactory<HitGroup> {
        @Override
        public TypeInformation<HitGroup> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return HIT_GROUP;
        }
    }

    public static final class RawRecordFactory extends TypeInfoFactory<RawRecord> {
        @Override
        public TypeInformation<RawRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return RAW_RECORD;
        }
    }

    /** A class with a serializer of its own: one field as Flink counts them. */
    private static final class Info<T> extends TypeInformation<T> {
        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Info(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return type.getSimpleName() + "(" + serializer.getClass().getSimpleName() + ")";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Info<?> other && other.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof Info;
        }
    }
}
