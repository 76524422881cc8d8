package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A retried notification (same event id) is one event, across a restart too, and the ids are forgotten after an hour. */
class DuplicateEventFilterHarnessTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DuplicateEventFilter()), (Event e) -> e.id, Types.STRING);
    }

    private static Event push(String id) {
        Event e = event("2026-11-16T08:00:00Z", "image.push", null, null);
        e.id = id;
        return e;
    }

    @Test
    void aRepeatedIdPassesOnceEvenAfterARestartAndAgainOnceForgotten() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(push("n1"), 0);
            h.processElement(push("n2"), 0);
            h.processElement(push("n1"), 0);
            assertThat(h.extractOutputValues()).extracting(e -> e.id).containsExactly("n1", "n2");
            snapshot = h.snapshot(1, 0);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(push("n2"), 0);
            h.processElement(push("n3"), 0);
            assertThat(h.extractOutputValues()).as("n2 was seen before the restart").extracting(e -> e.id).containsExactly("n3");

            h.setStateTtlProcessingTime(DuplicateEventFilter.REMEMBER.toMillis() + 1);
            h.processElement(push("n3"), 0);
            assertThat(h.extractOutputValues()).as("forgotten after an hour").extracting(e -> e.id).containsExactly("n3", "n3");
        }
    }
}
