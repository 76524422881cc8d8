package dev.tokenwatch.testing;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.RawRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sample lines split at the widest gap in event time within a range of their events; no line has events on both
 * sides. A job restored at the cut ({@code RescaleIT}, {@code FlinkClusterIT}) has its event time made to stand in
 * the gap, so the part before is evaluated while rule state (windows, baselines, timers) is still in flight.
 */
public record SampleCut(List<String> before, List<String> after, Instant lastBefore, Instant firstAfter) {
    private static final Pattern LEARNED_AT = Pattern.compile("(?:history since|listed at) (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    public Duration gap() {
        return Duration.between(lastBefore, firstAfter);
    }

    /** The cut at the widest gap between the events from fraction {@code from} to {@code to} of them, in time order. */
    public static SampleCut widestGap(List<String> lines, double from, double to) {
        EventParser parser = new EventParser();
        List<long[]> spans = new ArrayList<>(); // per line: earliest and latest event time, or null without events
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<Event> events = parser.parse(RawRecord.of("samples", i + 1, lines.get(i))).events();
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            for (Event e : events) {
                min = Math.min(min, e.timestamp);
                max = Math.max(max, e.timestamp);
                times.add(e.timestamp);
            }
            spans.add(events.isEmpty() ? null : new long[] {min, max});
        }
        times.sort(null);
        int first = (int) (times.size() * from), end = (int) (times.size() * to);
        int widest = first;
        for (int i = first; i < end; i++) {
            if (times.get(i + 1) - times.get(i) > times.get(widest + 1) - times.get(widest)) widest = i;
        }
        long last = times.get(widest), next = times.get(widest + 1);
        List<String> before = new ArrayList<>(), after = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            long[] span = spans.get(i);
            if (span == null || span[1] <= last) {
                before.add(lines.get(i));
            } else if (span[0] >= next) {
                after.add(lines.get(i));
            } else {
                throw new AssertionError("line " + (i + 1) + " has events on both sides of the cut");
            }
        }
        return new SampleCut(before, after, Instant.ofEpochMilli(last), Instant.ofEpochMilli(next));
    }

    /**
     * The alerts (id → last version) not yet raised at the cut that quote what was learned before it (a baseline's
     * "history since", a list entry's "listed at"): raised after a restore there only if the state came through.
     */
    public Map<String, String> quotingStateFromBefore(Map<String, String> alerts, Set<String> raisedAtCut) {
        Map<String, String> quoting = new TreeMap<>(alerts);
        quoting.keySet().removeAll(raisedAtCut);
        quoting.values().removeIf(alert -> {
            Matcher quoted = LEARNED_AT.matcher(alert);
            return !(quoted.find() && Instant.parse(quoted.group(1)).isBefore(lastBefore));
        });
        return quoting;
    }
}
