package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.Event;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** Every piece of keyed state in one place: names are part of savepoint compatibility. */
final class StateDescriptors {
    static final ValueStateDescriptor<Long> RULE_SINCE = new ValueStateDescriptor<>("rule-since", Types.LONG);
    static final MapStateDescriptor<String, Long> RULE_VALUES =
            new MapStateDescriptor<>("rule-values", Types.STRING, Types.LONG);
    static final ValueStateDescriptor<Event> RULE_LAST_EVENT =
            new ValueStateDescriptor<>("rule-last-event", Types.POJO(Event.class));
    static final ListStateDescriptor<Event> RULE_BUFFER =
            new ListStateDescriptor<>("rule-buffer", Types.POJO(Event.class));
    static final ValueStateDescriptor<Alert> OPEN_ALERT =
            new ValueStateDescriptor<>("open-alert", Types.POJO(Alert.class));

    private StateDescriptors() {}
}
