package dev.tokenwatch.cli;

import dev.tokenwatch.job.EventTime;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Event-time options shared by the commands that run the job. */
final class EventTimeOptions {
    @Option(names = "--out-of-orderness", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long an event waits for earlier ones from other files or partitions before it is evaluated;"
                    + " the delay every alert has (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Input quiet this long counts as read to its end; event time then follows the wall clock (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--allowed-lateness", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
            description = "Events further behind the watermark are dead-lettered as late (default: ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    @Option(names = "--max-ahead", paramLabel = "DURATION", defaultValue = "1d", converter = DurationConverter.class,
            description = "Events dated further ahead of the wall clock are dead-lettered: a wrong clock would otherwise carry"
                    + " event time with it (default: ${DEFAULT-VALUE}).")
    Duration maxAhead;

    EventTime eventTime() {
        return EventTime.live(outOfOrderness, allowedLateness, settle).withMaxAhead(maxAhead);
    }
}
