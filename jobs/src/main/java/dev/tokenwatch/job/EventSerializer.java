package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link Event} on the wire and in state: a bit set of the fields present, then each present field, strings as
 * length-prefixed UTF-8. Events cross four shuffles and the order stage's buffer; Flink's POJO serializer (field
 * access by reflection, strings char by char) cost about a fifth of the job's time. Every field of {@code Event}
 * must be in {@link #FIELDS}: {@code EventSerializerTest} round-trips an event with all of them set.
 */
public final class EventSerializer extends VariableLengthSerializer<Event> {
    public static final EventSerializer INSTANCE = new EventSerializer();

    private enum Kind { STRING, STRINGS, LONG, DOUBLE, BOOLEAN }

    private record Field(Kind kind, Function<Event, Object> get, BiConsumer<Event, Object> set) {}

    private static Field string(Function<Event, String> get, BiConsumer<Event, String> set) {
        return new Field(Kind.STRING, get::apply, (e, v) -> set.accept(e, (String) v));
    }

    private static Field strings(Function<Event, String[]> get, BiConsumer<Event, String[]> set) {
        return new Field(Kind.STRINGS, get::apply, (e, v) -> set.accept(e, (String[]) v));
    }

    private static Field number(Function<Event, Long> get, BiConsumer<Event, Long> set) {
        return new Field(Kind.LONG, get::apply, (e, v) -> set.accept(e, (Long) v));
    }

    private static Field decimal(Function<Event, Double> get, BiConsumer<Event, Double> set) {
        return new Field(Kind.DOUBLE, get::apply, (e, v) -> set.accept(e, (Double) v));
    }

    private static Field flag(Function<Event, Boolean> get, BiConsumer<Event, Boolean> set) {
        return new Field(Kind.BOOLEAN, get::apply, (e, v) -> set.accept(e, (Boolean) v));
    }

    /** Every nullable field of {@code Event}, in a fixed order: the order is the format (see the snapshot's version). */
    private static final List<Field> FIELDS = List.of(
            string(e -> e.id, (e, v) -> e.id = v),
            string(e -> e.action, (e, v) -> e.action = v),
            string(e -> e.originalAction, (e, v) -> e.originalAction = v),
            string(e -> e.outcome, (e, v) -> e.outcome = v),
            string(e -> e.dataset, (e, v) -> e.dataset = v),
            string(e -> e.userName, (e, v) -> e.userName = v),
            string(e -> e.targetUserName, (e, v) -> e.targetUserName = v),
            string(e -> e.organizationName, (e, v) -> e.organizationName = v),
            string(e -> e.groupName, (e, v) -> e.groupName = v),
            string(e -> e.entityType, (e, v) -> e.entityType = v),
            string(e -> e.entityId, (e, v) -> e.entityId = v),
            string(e -> e.entityOwner, (e, v) -> e.entityOwner = v),
            string(e -> e.tokenId, (e, v) -> e.tokenId = v),
            string(e -> e.tokenKind, (e, v) -> e.tokenKind = v),
            strings(e -> e.tokenScopes, (e, v) -> e.tokenScopes = v),
            number(e -> e.tokenExpiresAt, (e, v) -> e.tokenExpiresAt = v),
            string(e -> e.tokenAttribution, (e, v) -> e.tokenAttribution = v),
            string(e -> e.sourceIp, (e, v) -> e.sourceIp = v),
            string(e -> e.sourceAddress, (e, v) -> e.sourceAddress = v),
            string(e -> e.networkClass, (e, v) -> e.networkClass = v),
            string(e -> e.countryIsoCode, (e, v) -> e.countryIsoCode = v),
            string(e -> e.countryName, (e, v) -> e.countryName = v),
            string(e -> e.cityName, (e, v) -> e.cityName = v),
            decimal(e -> e.latitude, (e, v) -> e.latitude = v),
            decimal(e -> e.longitude, (e, v) -> e.longitude = v),
            number(e -> e.accuracyRadiusKm, (e, v) -> e.accuracyRadiusKm = v),
            number(e -> e.asNumber, (e, v) -> e.asNumber = v),
            string(e -> e.asOrganization, (e, v) -> e.asOrganization = v),
            string(e -> e.networkPrefix, (e, v) -> e.networkPrefix = v),
            number(e -> e.networkSharedBy, (e, v) -> e.networkSharedBy = v),
            flag(e -> e.networkFamiliar, (e, v) -> e.networkFamiliar = v),
            string(e -> e.userAgent, (e, v) -> e.userAgent = v),
            string(e -> e.httpMethod, (e, v) -> e.httpMethod = v),
            string(e -> e.repositoryName, (e, v) -> e.repositoryName = v),
            string(e -> e.repositoryVisibility, (e, v) -> e.repositoryVisibility = v),
            string(e -> e.imageTag, (e, v) -> e.imageTag = v),
            string(e -> e.imageDigest, (e, v) -> e.imageDigest = v),
            strings(e -> e.problems, (e, v) -> e.problems = v));

    private EventSerializer() {}

    @Override
    public Event createInstance() {
        return new Event();
    }

    @Override
    public Event copy(Event from) {
        Event to = new Event();
        to.timestamp = from.timestamp;
        for (Field field : FIELDS) {
            Object value = field.get().apply(from);
            field.set().accept(to, value instanceof String[] array ? array.clone() : value);
        }
        return to;
    }

    @Override
    public void serialize(Event event, DataOutputView out) throws IOException {
        long present = 0;
        for (int i = 0; i < FIELDS.size(); i++) {
            if (FIELDS.get(i).get().apply(event) != null) present |= 1L << i;
        }
        out.writeLong(event.timestamp);
        out.writeLong(present);
        for (int i = 0; i < FIELDS.size(); i++) {
            if ((present & (1L << i)) == 0) continue;
            Field field = FIELDS.get(i);
            Object value = field.get().apply(event);
            switch (field.kind()) {
                case STRING -> Utf8Strings.write((String) value, out);
                case STRINGS -> {
                    String[] array = (String[]) value;
                    out.writeInt(array.length);
                    for (String s : array) {
                        out.writeBoolean(s != null);
                        if (s != null) Utf8Strings.write(s, out);
                    }
                }
                case LONG -> out.writeLong((Long) value);
                case DOUBLE -> out.writeDouble((Double) value);
                case BOOLEAN -> out.writeBoolean((Boolean) value);
            }
        }
    }

    @Override
    public Event deserialize(DataInputView in) throws IOException {
        Event event = new Event();
        event.timestamp = in.readLong();
        long present = in.readLong();
        for (int i = 0; i < FIELDS.size(); i++) {
            if ((present & (1L << i)) == 0) continue;
            Field field = FIELDS.get(i);
            Object value = switch (field.kind()) {
                case STRING -> Utf8Strings.read(in);
                case STRINGS -> {
                    String[] array = new String[in.readInt()];
                    for (int j = 0; j < array.length; j++) array[j] = in.readBoolean() ? Utf8Strings.read(in) : null;
                    yield array;
                }
                case LONG -> in.readLong();
                case DOUBLE -> in.readDouble();
                case BOOLEAN -> in.readBoolean();
            };
            field.set().accept(event, value);
        }
        return event;
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: the fields as {@link #FIELDS} lists them. A change to that list is a new format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
