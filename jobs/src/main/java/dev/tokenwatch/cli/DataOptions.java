package dev.tokenwatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR} for the commands that write files beside {@code run}'s: their default outputs (and
 * the local Elasticsearch, see {@link LocalEsOptions}) go under it, and the files {@code run} appends to
 * there are refused, so no command truncates them.
 */
final class DataOptions {
    /** What {@code run} appends to under DATA while it runs (the Elasticsearch refusals follow from the second). */
    static final String RUN_ALERTS = "alerts.jsonl";
    static final String RUN_DEAD_LETTERS = "dead-letters.jsonl";
    /** What the receiver could not use (a body that is not JSON, say): the job never saw it. */
    static final String RECEIVER_DEAD_LETTERS = "receiver-dead-letters.jsonl";
    /** Where the receiver keeps how far each {@code --tail-log} file has been stored. */
    static final String TAIL_POSITIONS = "tail";
    static final String DEFAULT = "data";

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT,
            description = "Directory that default outputs go under, as for 'run' (default: ${DEFAULT-VALUE}).")
    Path data;

    Path dir() {
        return data.toAbsolutePath().normalize();
    }

    Path resolve(String relative) {
        return dir().resolve(relative);
    }

    /** {@code file}, absolute; a usage error when {@code run} appends to it. */
    Path requireNotRunOutput(Path file, String option) {
        Path absolute = file.toAbsolutePath().normalize();
        Path runDeadLetters = resolve(RUN_DEAD_LETTERS);
        if (absolute.equals(resolve(RUN_ALERTS)) || absolute.equals(runDeadLetters)
                || absolute.equals(DeadLetterFiles.forElasticsearch(runDeadLetters))) {
            throw new UsageException(option + " " + absolute + ": 'run' appends to that file; choose another");
        }
        return absolute;
    }
}
