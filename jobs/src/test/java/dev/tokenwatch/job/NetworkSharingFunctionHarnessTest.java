package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tokenwatch.enrich.NetworkSharing;
import dev.tokenwatch.event.Event;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The network-sharing stage in Flink's harness: counts kept across a restore, state dropped after the window. */
class NetworkSharingFunctionHarnessTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new NetworkSharingFunction()),
                NetworkSharingFunction::key, Types.STRING);
    }

    private static Event use(String time, String user, String ip) {
        Event e = event(time, "image.pull", null, ip);
        e.userName = user;
        e.entityOwner = user;
        e.asNumber = 8075L;
        return e;
    }

    @Test
    void colleaguesRoutineUseSurvivesARestoreAndIsForgottenAfterTheWindow() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, Event> h = harness()) {
            h.open();
            for (String user : new String[] {"ana", "ben"}) {
                Event first = use("2026-11-10T08:00:00Z", user, "20.42.0.1");
                Event second = use("2026-11-11T09:00:00Z", user, "20.42.1.1");
                h.processElement(first, first.timestamp);
                h.processElement(second, second.timestamp);
            }
            snapshot = h.snapshot(1L, 0);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, Event> h = harness()) {
            h.initializeState(snapshot);
            h.open();
            Event newcomer = use("2026-11-12T08:00:00Z", "cem", "20.42.2.1");
            Event ana = use("2026-11-12T08:05:00Z", "ana", "20.42.3.1");
            Event noAddress = use("2026-11-12T08:06:00Z", "dan", null);
            noAddress.asNumber = null;
            for (Event e : new Event[] {newcomer, ana, noAddress}) h.processElement(e, e.timestamp);
            assertThat(h.extractOutputValues()).extracting(e -> e.networkSharedBy, e -> e.networkFamiliar)
                    .containsExactly(tuple(2L, false), tuple(1L, true),
                            tuple(null, null));

            // Expiry runs on the hour after the last use is a window old.
            h.processWatermark(millis("2026-11-12T09:00:00Z") + NetworkSharing.WINDOW_MILLIS);
            AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) h.getOperator();
            assertThat(((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries())
                    .as("nothing left once every use is a window old").isZero();
        }
    }
}
