package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import java.util.Optional;

/** {@code match}: the condition is the whole rule. */
public final class MatchDetector implements Detector {
    @Override
    public Optional<Detection> onHit(Rule rule, RuleHit hit, RuleState state, Timers timers) {
        return Optional.of(new Detection(rule, hit.event, "matched the rule's condition"));
    }

    @Override
    public Optional<Detection> onTimer(Rule rule, long time, RuleState state, Timers timers) {
        state.clear();
        return Optional.empty();
    }
}
