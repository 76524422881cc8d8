package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * Tells Flink to ship and keep {@link Event} with {@link EventSerializer}, wherever it appears: as a stream's type,
 * in state, and as a field of the hit groups, detections and alerts, whose POJO serializers find it here. The domain
 * class stays free of Flink; the registration is made before the job's types are built ({@link TokenwatchJob},
 * {@link StateDescriptors}).
 */
public final class EventTypes {
    static {
        TypeExtractor.registerFactory(Event.class, Factory.class);
    }

    /** The type of events. */
    public static final TypeInformation<Event> EVENT = new Info();

    private EventTypes() {}

    /** Makes sure the registration is done; the class's initialization does it. */
    static void register() {
        // The static initializer above.
    }

    public static final class Factory extends TypeInfoFactory<Event> {
        @Override
        public TypeInformation<Event> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return EVENT;
        }
    }

    private static final class Info extends TypeInformation<Event> {
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
        public Class<Event> getTypeClass() {
            return Event.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<Event> createSerializer(SerializerConfig config) {
            return EventSerializer.INSTANCE;
        }

        @Override
        public String toString() {
            return "Event(EventSerializer)";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof Info;
        }
    }
}
