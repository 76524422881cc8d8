package dev.tokenwatch.detect;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code sequence}: steps in order per key, the whole sequence within the window from its first
 * event. State: where the sequence started ({@code since}), the step it waits for, how many events
 * that step has had, and the last step's event (the alert's evidence when an absence completes it).
 */
public final class SequenceDetector implements Detector {
    private static final String STEP = "step";
    private static final String COUNT = "count";

    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        Rule.Sequence p = rule.sequence();
        Event event = hit.event;
        Long since = state.since();
        if (since != null && event.timestamp > since + p.withinMillis()) {
            state.clear();
            since = null;
        }
        int expected = since == null ? 0 : (int) (long) state.lastSeen(STEP);
        Rule.Step step = p.steps().get(hit.step);
        if (hit.step != expected) return Optional.empty();
        if (step.absent()) {
            state.clear();
            return Optional.empty();
        }
        if (since == null) {
            since = event.timestamp;
            state.since(since);
            timers.at(since + p.withinMillis());
        }
        Long counted = state.lastSeen(COUNT);
        long count = (counted == null ? 0 : counted) + 1;
        state.lastEvent(event);
        if (count < step.count()) {
            state.seen(STEP, expected);
            state.seen(COUNT, count);
            return Optional.empty();
        }
        int next = expected + 1;
        if (next == p.steps().size()) {
            state.clear();
            return Optional.of(new Detection(rule, event, describe(p.steps(), false) + " for "
                    + String.join(", ", rule.groupBy()) + " '" + hit.key + "' within " + human(p.withinMillis())));
        }
        state.seen(STEP, next);
        state.seen(COUNT, 0);
        return Optional.empty();
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        Rule.Sequence p = rule.sequence();
        Long since = state.since();
        if (since == null || time < since + p.withinMillis()) return Optional.empty();
        Long step = state.lastSeen(STEP);
        Event last = state.lastEvent();
        state.clear();
        boolean waitingForAbsence = step != null && step == p.steps().size() - 1 && p.steps().get(step.intValue()).absent();
        if (!waitingForAbsence || last == null) return Optional.empty();
        return Optional.of(new Detection(rule, last, describe(p.steps(), true) + " within " + human(p.withinMillis())));
    }

    private static String describe(List<Rule.Step> steps, boolean endsInAbsence) {
        StringBuilder s = new StringBuilder();
        for (Rule.Step step : steps) {
            if (s.length() > 0) s.append(" then ");
            if (step.absent()) s.append("no ");
            s.append(step.name());
            if (step.count() > 1) s.append(" (x").append(step.count()).append(')');
        }
        return s.toString();
    }

    private static String human(long millis) {
        return Duration.ofMillis(millis).toString().substring(2).toLowerCase();
    }
}
