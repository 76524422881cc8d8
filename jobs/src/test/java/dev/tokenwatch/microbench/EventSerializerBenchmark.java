package dev.tokenwatch.microbench;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.job.EventSerializer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EventSerializer}, what every shuffle after the enrich stage costs per event: writing it to Flink's memory
 * view, and the round trip (written, then read back on the other side). On the enriched sample events, so the fields
 * a shuffle carries (geo, AS, prefix) are there. The buffers are reused, as Flink's network stack reuses them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventSerializerBenchmark {

    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private Cycle<Event> events;

    @Setup
    public void readEvents() {
        events = new Cycle<>(MicrobenchData.enrichedNativeEvents());
    }

    /** Returns the bytes written: depends on every write, so none of them can be dropped. */
    @Benchmark
    public int serialize() throws IOException {
        out.clear();
        EventSerializer.INSTANCE.serialize(events.next(), out);
        return out.length();
    }

    @Benchmark
    public Event roundTrip() throws IOException {
        out.clear();
        EventSerializer.INSTANCE.serialize(events.next(), out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return EventSerializer.INSTANCE.deserialize(in);
    }
}
