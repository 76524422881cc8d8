package dev.tokenwatch.cli;

import dev.tokenwatch.job.EventTime;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Event-time options shared by the commands that run the job. */
final class EventTimeOptions {
    @Option(names = "--out-of-orderness", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How far behind the newest event the watermark trails (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--allowed-lateness", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
            description = "Events further behind the watermark are dead-lettered as late (default: ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    EventTime eventTime() {
        return new EventTime(outOfOrderness, allowedLateness);
    }
}
