package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/** Every piece of keyed state in one place: names are part of savepoint compatibility. */
final class StateDescriptors {
    static {
        EventTypes.register(); // before the POJO types below look for the type of their Event fields
    }

    static final ValueStateDescriptor<Long> RULE_SINCE = new ValueStateDescriptor<>("rule-since", Types.LONG);
    static final MapStateDescriptor<String, Long> RULE_VALUES =
            new MapStateDescriptor<>("rule-values", Types.STRING, Types.LONG);
    static final ValueStateDescriptor<Event> RULE_LAST_EVENT =
            new ValueStateDescriptor<>("rule-last-event", EventTypes.EVENT);
    static final ListStateDescriptor<Event> RULE_BUFFER =
            new ListStateDescriptor<>("rule-buffer", EventTypes.EVENT);
    /** A rule-state subtask's hit groups waiting for the watermark ({@link HeldHitGroups}); operator (union) state. */
    static final ListStateDescriptor<HitGroup> HITS_HELD = new ListStateDescriptor<>("rule-state-held", EventTypes.HIT_GROUP);
    /** Detections waiting for the watermark, by the time they were made. */
    static final MapStateDescriptor<Long, List<Detection>> DETECTIONS_HELD =
            new MapStateDescriptor<>("detections-held", Types.LONG, Types.LIST(Types.POJO(Detection.class)));
    /** A network's entities and their first and last use ({@link NetworkSharingFunction}). */
    static final MapStateDescriptor<String, long[]> NETWORK_USES =
            new MapStateDescriptor<>("network-uses", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    static final ValueStateDescriptor<Alert> OPEN_ALERT =
            new ValueStateDescriptor<>("open-alert", Types.POJO(Alert.class));

    /** Chat messages routed to a destination and not yet acknowledged, by message id, as JSON ({@link ChatDeliveryFunction}). */
    static final MapStateDescriptor<String, String> CHAT_OUTBOX =
            new MapStateDescriptor<>("chat-outbox", Types.STRING, Types.STRING);
    /** A destination's rate-limit window and the alerts held for its digest, as JSON. */
    static final ValueStateDescriptor<String> CHAT_THROTTLE = new ValueStateDescriptor<>("chat-throttle", Types.STRING);


    /** The grants of one user at one address, as JSON ({@link TokenAttributionFunction}). */
    static final ValueStateDescriptor<String> TOKEN_GRANTS = new ValueStateDescriptor<>("token-grants", Types.STRING);

    /** A token's record, as {@code TokenRecord} state JSON ({@link TokenInventoryFunction}). */
    static final ValueStateDescriptor<String> TOKEN_RECORD = new ValueStateDescriptor<>("token-record", Types.STRING);
    static final ValueStateDescriptor<Long> TOKEN_FLUSH_AT = new ValueStateDescriptor<>("token-flush-at", Types.LONG);
    /** A token's events waiting for the watermark, by event time ({@link EventTimeOrder}). */
    static final MapStateDescriptor<Long, List<Event>> TOKEN_EVENTS_HELD =
            new MapStateDescriptor<>("token-events-held", Types.LONG, Types.LIST(EventTypes.EVENT));

    private StateDescriptors() {}
}
