package dev.tokenwatch.detect;

/** Event-time callbacks for the current key: Flink's timer service in the job, a queue in tests. */
public interface Timers {
    void at(long eventTime);
}
