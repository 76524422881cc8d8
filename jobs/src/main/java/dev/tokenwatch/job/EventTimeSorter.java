package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * (or a bounded replay reads all of its input) it holds every event, once and serialized ({@link HeldEvents}),
 * instead of every rule keeping its own deserialized copy of each hit. When the
 * watermark moves it releases the events it passed in time order, ties by event id, with a
 * watermark after every {@value #WATERMARK_EVERY} events, so the operators downstream only ever wait
 * for a small step of event time.
 * <p>
 * It also drops repeats: it remembers each id it released for {@link #REMEMBER} of event time (in the
 * checkpoint too), and an event whose id it has seen is dropped and counted in {@code events_duplicate}. A
 * registry retries a notification whose answer it lost with the same event id and time; a record read twice is the
 * same. Repeats still held meet at their release, next to each other in id order.
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
    private transient HeldEvents held;
    private transient ListState<byte[]> checkpointed;
    private transient long lastWatermark;
    private transient DataOutputSerializer out;
    private transient DataInputDeserializer in;
    private transient Map<String, Long> seen;
    private transient TreeMap<Long, List<String>> seenByTime;
    private transient ListState<String> checkpointedSeen;
    private transient Counters duplicates;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        serializer = EventSerializer.INSTANCE;
        held = new HeldEvents();
        out = new DataOutputSerializer(512);
        in = new DataInputDeserializer();
        lastWatermark = Long.MIN_VALUE;
        checkpointed = context.getOperatorStateStore().getListState(HELD);
        Set<String> heldIds = new HashSet<>();
        for (byte[] bytes : checkpointed.get()) {
            Event event = read(bytes, 0, bytes.length);
            held.hold(event.timestamp, bytes, bytes.length);
            if (event.id != null) heldIds.add(event.id);
        }
        seen = new HashMap<>();
        seenByTime = new TreeMap<>();
        checkpointedSeen = context.getOperatorStateStore().getListState(SEEN);
        for (String entry : checkpointedSeen.get()) {
            int bar = entry.indexOf('|');
            String id = entry.substring(bar + 1);
            // Builds before the fourth speed pass remembered an id on arrival, so their checkpoints list held events as seen.
            if (!heldIds.contains(id)) remember(id, Long.parseLong(entry.substring(0, bar)));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        duplicates = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_DUPLICATE);
    }

    /** False when the id was released within the last {@link #REMEMBER} of event time; remembers it otherwise. */
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
        if (event.timestamp <= lastWatermark) {
            // late: its time has passed everywhere downstream too
            if (firstSeen(event)) output.collect(element);
            else duplicates.inc();
            return;
        }
        out.clear();
        serializer.serialize(event, out);
        held.hold(event.timestamp, out.getSharedBuffer(), out.length());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long released = 0;
        List<Event> events = new ArrayList<>();
        while (held.size() > 0 && held.earliest() <= mark.getTimestamp()) {
            long time = held.earliest();
            events.clear();
            while (held.size() > 0 && held.earliest() == time) held.pollFirst((t, page, offset, length) -> events.add(read(page, offset, length)));
            events.sort(Event.BY_ID);
            for (Event e : events) {
                if (firstSeen(e)) output.collect(new StreamRecord<>(e, time));
                else duplicates.inc();
            }
            released += events.size();
            if (released >= WATERMARK_EVERY && time < mark.getTimestamp()) {
                output.emitWatermark(new Watermark(time));
                forgetBefore(time - REMEMBER);
                released = 0;
            }
        }
        lastWatermark = mark.getTimestamp();
        if (lastWatermark > Long.MIN_VALUE + REMEMBER) forgetBefore(lastWatermark - REMEMBER);
        super.processWatermark(mark);
    }

    private Event read(byte[] bytes, int offset, int length) throws IOException {
        in.setBuffer(bytes, offset, length);
        return serializer.deserialize(in);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> all = new ArrayList<>(held.size());
        held.forEachInOrder((time, page, offset, length) -> all.add(Arrays.copyOfRange(page, offset, offset + length)));
        checkpointed.update(all);
        List<String> ids = new ArrayList<>(seen.size());
        seen.forEach((id, time) -> ids.add(time + "|" + id));
        checkpointedSeen.update(ids);
    }
}
