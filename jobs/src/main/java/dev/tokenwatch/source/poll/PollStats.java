package dev.tokenwatch.source.poll;

/** What polling went through, for metrics: every wait, retry and failure is counted. */
public interface PollStats {
    PollStats NONE = new PollStats() {
        @Override public void requested() { }
        @Override public void rateLimited(long waitMillis) { }
        @Override public void retried(String reason) { }
    };

    void requested();

    /** The API answered 429; the poller waits as long as it asked (Retry-After) before trying again. */
    void rateLimited(long waitMillis);

    /** A request failed in a way worth another try (5xx, connection error). */
    void retried(String reason);
}
