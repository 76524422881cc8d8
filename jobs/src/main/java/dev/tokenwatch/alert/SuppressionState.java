package dev.tokenwatch.alert;

/** The open alert of one rule and suppression key: Flink keyed state in the job, a field in tests. */
public interface SuppressionState {
    Alert current();

    void current(Alert alert);

    void clear();
}
