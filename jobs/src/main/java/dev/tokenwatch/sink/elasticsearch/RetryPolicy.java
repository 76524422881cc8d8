package dev.tokenwatch.sink.elasticsearch;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to do with a bulk item's (or a whole request's) failure, and how long to wait before trying
 * again. Overload and outages (429, 5xx, no connection) are retried for as long as they last, with
 * capped exponential backoff: nothing is dropped. A document Elasticsearch refuses for what it is
 * (a mapping or parse error, any other 4xx) will never succeed: it goes to the dead letters.
 * Credentials refused mid-run fail the job: retrying cannot fix them.
 */
public final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Decision { DONE, RETRY, DEAD_LETTER, FATAL }

    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    public RetryPolicy(Duration initialBackoff, Duration maxBackoff) {
        this.initialBackoffMillis = Math.max(1, initialBackoff.toMillis());
        this.maxBackoffMillis = Math.max(initialBackoffMillis, maxBackoff.toMillis());
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** One bulk item's HTTP status. */
    public Decision forItem(int status) {
        if (status >= 200 && status < 300) return Decision.DONE;
        if (status == 429 || status == 408 || status >= 500) return Decision.RETRY;
        if (status == 401 || status == 403) return Decision.FATAL;
        return Decision.DEAD_LETTER;
    }

    /** The whole {@code _bulk} request's HTTP status (it fails as a whole before any item is tried). */
    public Decision forRequest(int status) {
        if (status >= 200 && status < 300) return Decision.DONE;
        if (status == 401 || status == 403) return Decision.FATAL;
        if (status == 413) return Decision.FATAL; // request too large: the byte limit is misconfigured
        return Decision.RETRY; // 429, 5xx, proxies answering 502/503/504 during an outage, ...
    }

    /** Wait before attempt {@code attempt + 1} (attempt counts from 1): doubling, capped, with jitter. */
    public long backoffMillis(int attempt) {
        long base = initialBackoffMillis << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, maxBackoffMillis);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }
}
