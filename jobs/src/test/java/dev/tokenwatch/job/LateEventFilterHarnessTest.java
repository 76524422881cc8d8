package dev.tokenwatch.job;

import static dev.tokenwatch.testing.TestEvents.event;
import static dev.tokenwatch.testing.TestEvents.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Event;
import java.time.Duration;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateEventFilterHarnessTest {
    @Test
    void eventsBeyondTheAllowedLatenessAreDeadLetteredWithHowLateTheyWere() throws Exception {
        try (OneInputStreamOperatorTestHarness<Event, Event> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new LateEventFilter(Duration.ofHours(1)))) {
            Event first = event("2026-11-16T10:00:00Z", "image.pull", "tok-1", null);
            h.processElement(first, first.timestamp);
            h.processWatermark(millis("2026-11-16T10:00:00Z"));
            Event slightlyLate = event("2026-11-16T09:30:00Z", "image.pull", "tok-1", null);
            Event tooLate = event("2026-11-16T08:00:00Z", "image.pull", "tok-1", null);
            h.processElement(slightlyLate, slightlyLate.timestamp);
            h.processElement(tooLate, tooLate.timestamp);

            assertThat(h.extractOutputValues()).extracting(e -> e.id).containsExactly(first.id, slightlyLate.id);
            assertThat(h.getSideOutput(ParseFunction.DEAD_LETTERS)).singleElement()
                    .satisfies(r -> assertThat(r.getValue()).contains(
                            "late: event time 2026-11-16T08:00:00Z is 2h behind the watermark 2026-11-16T10:00:00Z (allowed lateness 1h)",
                            tooLate.id));
        }
    }
}
