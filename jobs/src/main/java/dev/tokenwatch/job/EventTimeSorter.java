package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
 * <p>
 * It also drops repeats: seeing every event, it remembers each id for {@link #REMEMBER} of event time (in the
 * checkpoint too), and an event whose id it has seen is dropped and counted in {@code events_duplicate}. A
 * registry retries a notification whose answer it lost with the same event id; a record read twice is the same.
 */
final class EventTimeSorter extends AbstractStreamOperator<Event> implements OneInputStreamOperator<Event, Event> {
    private static final int WATERMARK_EVERY = 1000;
    private static final ListStateDescriptor<byte[]> HELD =
            new ListStateDescriptor<>("sorter-held", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    /** Ids seen lately, as "event time|id". */
    private static final ListStateDescriptor<String> SEEN = new ListStateDescriptor<>("sorter-seen", Types.STRING);
    /** Retries come within minutes; in event time, so a replay of history keeps only an hour of ids. */
    static final long REMEMBER = Duration.ofHours(1).toMillis();

    private transient TypeSerializer<Event> serializer;
    private transient TreeMap<Long, List<byte[]>> held;
    private transient ListState<byte[]> checkpointed;
    private transient long lastWatermark;
    private transient DataOutputSerializer out;
    private transient Map<String, Long> seen;
    private transient TreeMap<Long, List<String>> seenByTime;
    private transient ListState<String> checkpointedSeen;
    private transient Counters duplicates;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        serializer = EventSerializer.INSTANCE;
        held = new TreeMap<>();
        out = new DataOutputSerializer(512);
        lastWatermark = Long.MIN_VALUE;
        checkpointed = context.getOperatorStateStore().getListState(HELD);
        for (byte[] bytes : checkpointed.get()) {
            hold(read(bytes).timestamp, bytes);
        }
        seen = new HashMap<>();
        seenByTime = new TreeMap<>();
        checkpointedSeen = context.getOperatorStateStore().getListState(SEEN);
        for (String entry : checkpointedSeen.get()) {
            int bar = entry.indexOf('|');
            remember(entry.substring(bar + 1), Long.parseLong(entry.substring(0, bar)));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        duplicates = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_DUPLICATE);
    }

    /** False when the id was seen within the last {@link #REMEMBER} of event time. */
    private boolean firstSeen(Event event) {
        if (event.id == null) return true;
        if (seen.containsKey(event.id)) return false;
        remember(event.id, event.timestamp);
        return true;
    }

    private void remember(String id, long timestamp) {
        seen.put(id, timestamp);
        seenByTime.computeIfAbsent(timestamp, t -> new ArrayList<>(1)).add(id);
    }

    private void forgetBefore(long time) {
        while (!seenByTime.isEmpty() && seenByTime.firstKey() < time) {
            seenByTime.pollFirstEntry().getValue().forEach(seen::remove);
        }
    }

    @Override
    public void processElement(StreamRecord<Event> element) throws Exception {
        Event event = element.getValue();
        if (!firstSeen(event)) {
            duplicates.inc();
            return;
        }
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
        if (lastWatermark > Long.MIN_VALUE + REMEMBER) forgetBefore(lastWatermark - REMEMBER);
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
        List<String> ids = new ArrayList<>(seen.size());
        seen.forEach((id, time) -> ids.add(time + "|" + id));
        checkpointedSeen.update(ids);
    }
}
