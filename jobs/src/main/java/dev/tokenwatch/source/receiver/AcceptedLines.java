package dev.tokenwatch.source.receiver;

import java.io.IOException;
import java.util.List;

/**
 * Where the receiver puts what it accepted (HTTP bodies, syslog messages, tailed log lines): the spool directory a local
 * job watches ({@link SpoolWriter}) or a Kafka topic ({@link KafkaWriter}). A sender is answered 2xx only once
 * {@link #store} has returned, so it must return only when the lines are durable; it throws when they are not, and the
 * sender is answered 503 and retries.
 */
public interface AcceptedLines extends AutoCloseable {
    /**
     * @param source    the endpoint the lines came from ({@code distribution}, {@code events}, {@code harbor-syslog}...)
     * @param extension {@code .jsonl} or {@code .log}, what the lines are
     */
    void store(String source, String extension, List<String> lines) throws IOException;

    /** Whether lines could be stored now: for the health check. */
    boolean writable();

    /** Where the lines go, for messages. */
    String describe();

    @Override
    default void close() {
    }
}
