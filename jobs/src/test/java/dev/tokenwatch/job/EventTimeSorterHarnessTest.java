package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/** The sorter in Flink's harness: held until the watermark, released in time order, kept across a restore. */
class EventTimeSorterHarnessTest {
    private static OneInputStreamOperatorTestHarness<Event, Event> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new EventTimeSorter());
    }

    private static void send(OneInputStreamOperatorTestHarness<Event, Event> h, String time, String token) throws Exception {
        Event e = event(time, "image.pull", token, null);
        e.id = "pull-" + time + "-" + token; // the same pull sent again has the same id
        h.processElement(new StreamRecord<>(e, e.timestamp));
    }

    /** Tokens of the events released, and "wm" where a watermark was. */
    private static List<String> released(OneInputStreamOperatorTestHarness<Event, Event> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) out.add(((Event) r.getValue()).tokenId);
            else if (o instanceof Watermark) out.add("wm");
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void eventsWaitForTheWatermarkAndLeaveInTimeOrder() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, "2026-11-16T10:00:00Z", "c");
            send(h, "2026-11-16T08:00:00Z", "a");
            send(h, "2026-11-16T12:00:00Z", "d");
            send(h, "2026-11-16T09:00:00Z", "b");
            assertThat(released(h)).isEmpty();

            h.processWatermark(new Watermark(millis("2026-11-16T11:00:00Z")));
            assertThat(released(h)).containsExactly("a", "b", "c", "wm");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(released(h)).containsExactly("d", "wm");
        }
    }

    /** A checkpoint of {@code sorter} holding "b" at 10:00 and "a" at 08:00, sent in that order. */
    private static OperatorSubtaskState holdingAAndB(OneInputStreamOperator<Event, Event> sorter) throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(sorter)) {
            h.open();
            send(h, "2026-11-16T10:00:00Z", "b");
            send(h, "2026-11-16T08:00:00Z", "a");
            return h.snapshot(1L, 0);
        }
    }

    @Test
    void heldEventsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot = holdingAAndB(new EventTimeSorter());
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(released(h)).containsExactly("a", "b", "wm");
        }
    }

    @Test
    void anEventBehindTheWatermarkPassesAtOnce() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(new Watermark(millis("2026-11-16T11:00:00Z")));
            released(h);
            send(h, "2026-11-16T09:00:00Z", "late");
            assertThat(released(h)).containsExactly("late");
        }
    }

    @Test
    void aRepeatedEventIdIsDroppedAcrossARestoreAndForgottenAnHourOfEventTimeLater() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, "2026-11-16T08:00:00Z", "tok-a");
            send(h, "2026-11-16T08:00:00Z", "tok-a");
            h.processWatermark(millis("2026-11-16T08:00:00Z"));
            assertThat(released(h)).containsExactly("tok-a", "wm");
            snapshot = h.snapshot(1, 0);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, "2026-11-16T08:00:00Z", "tok-a");
            h.processWatermark(millis("2026-11-16T08:30:00Z"));
            assertThat(released(h)).as("the retry after the restart").containsExactly("wm");
            h.processWatermark(millis("2026-11-16T09:30:00Z"));
            send(h, "2026-11-16T08:00:00Z", "tok-a");
            assertThat(released(h)).as("forgotten after an hour of event time: late, passed on").containsExactly("wm", "tok-a");
        }
    }

    /** Writes the sorter's two lists as a build before the fourth speed pass did: every held event's id also in the seen list. */
    private static final class EarlierBuildSorter extends AbstractStreamOperator<Event> implements OneInputStreamOperator<Event, Event> {
        private final List<Event> heldEvents = new ArrayList<>();

        @Override
        public void processElement(StreamRecord<Event> element) {
            heldEvents.add(element.getValue());
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            List<byte[]> bytes = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Event e : heldEvents) {
                DataOutputSerializer out = new DataOutputSerializer(256);
                EventSerializer.INSTANCE.serialize(e, out);
                bytes.add(out.getCopyOfBuffer());
                ids.add(e.timestamp + "|" + e.id);
            }
            getOperatorStateBackend().getListState(new ListStateDescriptor<>("sorter-held", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)).update(bytes);
            getOperatorStateBackend().getListState(new ListStateDescriptor<>("sorter-seen", Types.STRING)).update(ids);
        }
    }

    @Test
    void eventsHeldInAnEarlierBuildsCheckpointAreReleasedNotTakenForRepeats() throws Exception {
        OperatorSubtaskState snapshot = holdingAAndB(new EarlierBuildSorter());
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, "2026-11-16T08:00:00Z", "a"); // a retry of a held event is still one
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(released(h)).containsExactly("a", "b", "wm");
        }
    }
}
