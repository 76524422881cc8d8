package dev.tokenwatch.sink.elasticsearch;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Index naming. Events go to one index per UTC day of their event time ({@code <prefix>-events-2026.11.23}),
 * alerts to one per UTC month of theirs ({@code <prefix>-alerts-2026.11.01}). The index is derived from the document itself, like its id, so a document written again
 * (a retry, a restart, a replay) lands on the same index and id and replaces itself instead of
 * duplicating. This is why rollover by size is not used: rollover sends a re-sent document to a
 * new write index. Aliases {@code <prefix>-events} and {@code <prefix>-alerts} span all of them.
 */
public final class IndexNames implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,100}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    // A month's index is named after its first day: ILM's index.lifecycle.parse_origination_date only
    // reads yyyy.MM.dd from a name, and refuses to create an index whose name has none.
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM.'01'").withZone(ZoneOffset.UTC);
    public static final IndexNames DEFAULT = new IndexNames("tokenwatch");

    public final String prefix;

    public IndexNames(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("index prefix must be lower case letters, digits, '-', '_' or '.', starting with a letter or digit: " + prefix);
        }
        this.prefix = prefix;
    }

    public String eventsIndex(long eventTimeMillis) {
        return eventsAlias() + "-" + DAY.format(Instant.ofEpochMilli(eventTimeMillis));
    }

    public String alertsIndex(long alertTimeMillis) {
        return alertsAlias() + "-" + MONTH.format(Instant.ofEpochMilli(alertTimeMillis));
    }

    /** One index, not one per period: a token's document is replaced as its record changes, whatever its age. */
    public String tokensIndex() { return prefix + "-tokens"; }
    public String tokensTemplate() { return prefix + "-tokens"; }
    public String eventsAlias() { return prefix + "-events"; }
    public String alertsAlias() { return prefix + "-alerts"; }
    public String eventsPattern() { return eventsAlias() + "-*"; }
    public String alertsPattern() { return alertsAlias() + "-*"; }
    public String eventsTemplate() { return prefix + "-events"; }
    public String alertsTemplate() { return prefix + "-alerts"; }
    public String commonComponent() { return prefix + "-ecs-entities"; }
    public String eventsPolicy() { return prefix + "-events"; }
    public String alertsPolicy() { return prefix + "-alerts"; }
}
