package dev.tokenwatch.detect;

import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.rule.RuleType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stateful half of rule evaluation: given a hit for one rule and key, and that key's state,
 * decide whether it is a detection, with the detector of the rule's type ({@link RuleType#detector()}).
 * Timers expire state so it cannot grow without bound, and complete sequences that end in an absence.
 */
public final class RuleEvaluator implements AutoCloseable {
    private final Map<String, Rule> rules;
    /** epl rules are the one type with per-rule machinery: an Esper runtime each. */
    private final Map<String, EplProgram> eplPrograms = new HashMap<>();

    public RuleEvaluator(List<Rule> rules) {
        this.rules = rules.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
        for (Rule rule : rules) {
            if (rule.type() == RuleType.EPL) eplPrograms.put(rule.id(), new EplProgram(rule));
        }
    }

    public Rule rule(String id) {
        return rules.get(id);
    }

    public Optional<Detection> onHit(RuleHit hit, RuleState state, Timers timers) {
        Rule rule = rules.get(hit.ruleId);
        if (rule == null) return Optional.empty();
        if (rule.type() == RuleType.EPL) return eplPrograms.get(rule.id()).onHit(hit, state, timers);
        return rule.type().detector().onHit(rule, hit, state, timers);
    }

    /** A timer of the key {@code stateKey} ({@link RuleHit#stateKey()}) fired; {@code timers} are that key's. */
    public Optional<Detection> onTimer(String stateKey, long time, RuleState state, Timers timers) {
        Rule rule = rules.get(RuleHit.ruleIdOf(stateKey));
        if (rule == null || !rule.type().label().equals(RuleHit.ruleTypeOf(stateKey))) {
            // The rule is gone, or now of another type: this state has no one left to serve.
            state.clear();
            return Optional.empty();
        }
        if (rule.type() == RuleType.EPL) return eplPrograms.get(rule.id()).onTimer(stateKey, time, state);
        return rule.type().detector().onTimer(rule, time, state, timers);
    }

    @Override
    public void close() {
        eplPrograms.values().forEach(EplProgram::close);
    }
}
