package dev.tokenwatch.job;

/** Names of the counters every operator registers, so dashboards and the CLI read the same ones. */
public final class PipelineMetrics {
    public static final String GROUP = "tokenwatch";
    public static final String RECORDS_IN = "records_in";
    /** Records that became events; with blank, ignored and dead-lettered ones they add up to records_in. */
    public static final String RECORDS_CLEAN = "records_clean";
    public static final String RECORDS_BLANK = "records_blank";
    /** Registry log lines that report no event (a request completed): read, and not data for the rules. */
    public static final String RECORDS_IGNORED = "records_ignored";
    public static final String RECORDS_DEAD_LETTERED = "records_dead_lettered";
    public static final String EVENTS_PARSED = "events_parsed";
    public static final String DEAD_LETTERS = "dead_letters";
    /** Events kept although some field was bad: each carries tokenwatch.problems. */
    public static final String EVENTS_WITH_PROBLEMS = "events_with_problems";
    public static final String EVENTS_ENRICHED = "events_geolocated";
    public static final String EVENTS_LATE = "events_late";
    /** Live: events dated further ahead of the wall clock than {@code --max-ahead}, dead-lettered before event time. */
    public static final String EVENTS_AHEAD = "events_ahead";
    /** Events whose id was seen within the last hour: a retried notification, a record read twice. Dropped. */
    public static final String EVENTS_DUPLICATE = "events_duplicate";
    public static final String RULE_HITS = "rule_hits";
    public static final String HITS_WITHOUT_KEY = "rule_hits_without_key";
    /** Hits already behind the watermark when they arrived: evaluated on arrival, out of event-time order. */
    public static final String HITS_LATE = "rule_hits_late";
    public static final String DETECTIONS = "detections";
    public static final String ALERTS = "alerts";
    public static final String ALERTS_SUPPRESSED = "alerts_suppressed";
    /** Lines appended to a local file by its exactly-once sink, once their checkpoint completed. */
    public static final String LINES_COMMITTED = "lines_committed";
    /** Chat messages a destination acknowledged (alerts and digests); with chat_dead_letters they are every message. */
    public static final String CHAT_SENT = "chat_sent";
    /** Attempts beyond the first, after a 5xx, a 429 or a network error. */
    public static final String CHAT_RETRIES = "chat_retries";
    /** Chat messages given up on (retry budget spent, or refused), written to the dead letters. */
    public static final String CHAT_DEAD_LETTERS = "chat_dead_letters";
    /** Alerts beyond a destination's rate limit, told in a digest instead of a message of their own. */
    public static final String CHAT_HELD = "chat_held_for_digest";
    /** Later versions of alerts already sent: mentioned in a digest, never a message of their own. */
    public static final String CHAT_UPDATES_HELD = "chat_updates_held";
    /** Alerts made again after a restart that the destination already had: not sent twice. */
    public static final String CHAT_ALREADY_DELIVERED = "chat_already_delivered";

    /**
     * Gauge per rule-state subtask: wall clock minus the watermark that subtask last saw (on an element or a timer), in
     * seconds; NaN before the first watermark. How far event-time evaluation is behind now.
     */
    public static final String WATERMARK_LAG_SECONDS = "watermark_lag_seconds";
    /**
     * Gauge per Elasticsearch sink subtask ({@code elasticsearch} label: alerts, events): wall clock minus the event time
     * of the newest document Elasticsearch acknowledged, in seconds; NaN before the first.
     */
    public static final String ES_INDEXING_LAG_SECONDS = "es_indexing_lag_seconds";

    /** Requests pollers sent to an API, 429 waits and retries included. */
    public static final String POLL_REQUESTS = "poll_requests";
    /** Answers 429 (too many requests): the poller waited as long as Retry-After asked. */
    public static final String POLL_RATE_LIMITED = "poll_rate_limited";
    /** Requests sent again after a 5xx or a connection error. */
    public static final String POLL_RETRIES = "poll_retries";
    /** Polls given up (retries spent, refused credentials, an answer of the wrong shape); tried again next interval. */
    public static final String POLL_FAILURES = "poll_failures";
    /** Records pollers handed to the parse stage. */
    public static final String POLL_RECORDS = "poll_records";

    private PipelineMetrics() {}
}
