package dev.tokenwatch.job;

/** Flink's state API declares Exception; a state backend failure must fail the task so Flink restarts it. */
final class StateAccess {
    interface StateCall<T> {
        T call() throws Exception;
    }

    private StateAccess() {}

    static <T> T unchecked(StateCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("state access failed", e);
        }
    }
}
