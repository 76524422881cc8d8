package dev.tokenwatch.cli;

import dev.tokenwatch.source.poll.PollClient;
import dev.tokenwatch.source.poll.Poller;
import dev.tokenwatch.source.poll.Pollers;
import dev.tokenwatch.source.poll.PollingSource;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The pollers {@code run} starts: APIs read on an interval, their cursors in the job's checkpoints. */
final class PollOptions {
    @Option(names = "--poll", paramLabel = "SOURCE",
            description = "Poll an API (repeatable): " + Pollers.FORMS + ". Credentials from $" + Pollers.DOCKERHUB_USERNAME
                    + " and $" + Pollers.DOCKERHUB_TOKEN + ", $" + Pollers.HARBOR_USERNAME + " and $" + Pollers.HARBOR_PASSWORD
                    + " (or a *_FILE variable naming a file).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Time between two polls of one source (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--poll-since", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "How far back a source with no checkpoint starts (default: ${DEFAULT-VALUE}); after that the checkpoint says.")
    Duration since;

    @Option(names = "--dockerhub-url", paramLabel = "URL", defaultValue = "https://hub.docker.com",
            description = "The Docker Hub API's address, for a proxy (default: ${DEFAULT-VALUE}).")
    URI dockerHubUrl;

    /** The source, or null when nothing is polled; explains a wrong --poll or missing credentials. */
    PollingSource source(PrintStream err) {
        if (sources.isEmpty()) return null;
        List<Poller> pollers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String spec : sources) {
            Poller poller;
            try {
                poller = Pollers.of(spec, dockerHubUrl, System::getenv);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (!names.add(poller.name())) throw new UsageException("--poll " + spec + " is given twice");
            pollers.add(poller);
        }
        err.println("Polling every " + interval.toSeconds() + " s: " + pollers.stream().map(Poller::name).collect(Collectors.joining(", "))
                + " (a source new to the checkpoint starts " + since.toHours() + " h back)");
        return new PollingSource(pollers, interval, Instant.now().minus(since), PollClient.Settings.DEFAULT);
    }
}
