package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Puts the events of all readers into one event-time order before they fan out to the rules. It
 * runs at parallelism 1, so it sees the slowest reader's watermark: while files of history are read
 * (or a bounded replay reads all of its input) it holds every event, once and serialized (a few
 * hundred bytes), instead of every rule keeping its own deserialized copy of each hit. When the
 * watermark moves it releases the events it passed in time order, ties by event id, with a
 * watermark after every {@value #WATERMARK_EVERY} events, so the operators downstream only ever wait
 * for a small step of event time.
 */
final class EventTimeSorter extends AbstractStreamOperator<Event> implements OneInputStreamOperator<Event, Event> {
    private static final int WATERMARK_EVERY = 1000;
    private static final ListStateDescriptor<byte[]> HELD =
            new ListStateDescriptor<>("sorter-held", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private transient TypeSerializer<Event> serializer;
    private transient TreeMap<Long, List<byte[]>> held;
    private transient ListState<byte[]> checkpointed;
    private transient long lastWatermark;
    private transient DataOutputSerializer out;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        serializer = TypeInformation.of(Event.class).createSerializer(getExecutionConfig().getSerializerConfig());
        held = new TreeMap<>();
        out = new DataOutputSerializer(512);
        lastWatermark = Long.MIN_VALUE;
        checkpointed = context.getOperatorStateStore().getListState(HELD);
        for (byte[] bytes : checkpointed.get()) {
            hold(read(bytes).timestamp, bytes);
        }
    }

    @Override
    public void processElement(StreamRecord<Event> element) throws Exception {
        Event event = element.getValue();
        if (event.timestamp <= lastWatermark) {
            output.collect(element); // late: its time has passed everywhere downstream too
            return;
        }
        out.clear();
        serializer.serialize(event, out);
        hold(event.timestamp, out.getCopyOfBuffer());
    }

    private void hold(long timestamp, byte[] bytes) {
        held.computeIfAbsent(timestamp, t -> new ArrayList<>(1)).add(bytes);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long released = 0;
        while (!held.isEmpty() && held.firstKey() <= mark.getTimestamp()) {
            Map.Entry<Long, List<byte[]>> due = held.pollFirstEntry();
            List<Event> events = new ArrayList<>(due.getValue().size());
            for (byte[] bytes : due.getValue()) events.add(read(bytes));
            events.sort(Event.BY_ID);
            for (Event e : events) output.collect(new StreamRecord<>(e, due.getKey()));
            released += events.size();
            if (released >= WATERMARK_EVERY && due.getKey() < mark.getTimestamp()) {
                output.emitWatermark(new Watermark(due.getKey()));
                released = 0;
            }
        }
        lastWatermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    private Event read(byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> all = new ArrayList<>();
        held.values().forEach(all::addAll);
        checkpointed.update(all);
    }
}
