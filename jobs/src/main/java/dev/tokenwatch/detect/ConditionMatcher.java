package dev.tokenwatch.detect;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import com.espertech.esper.runtime.client.UpdateListener;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.rule.EsperConditions;
import dev.tokenwatch.rule.InvalidConditionException;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluates every rule's condition on an event with one Esper runtime, whose filter indexes share
 * work across rules, and returns a {@link RuleHit} per rule the event concerns. Not thread-safe: one
 * per operator instance.
 */
public final class ConditionMatcher implements AutoCloseable {
    private final EPRuntime runtime;
    private final List<RuleHit> pending = new ArrayList<>();
    /** new_value rules' {@code unless} conditions that held for the current event: rule id → field bits. */
    private final Map<String, Integer> quiet = new HashMap<>();
    /** epl rules whose {@code initiated_by} held for the current event. */
    private final Set<String> starting = new HashSet<>();
    private Event current;
    private long eventsWithoutKey;

    public ConditionMatcher(List<Rule> rules) {
        Configuration config = EsperConditions.configuration();
        runtime = EPRuntimeProvider.getRuntime("tokenwatch-" + UUID.randomUUID(), config);
        for (Rule rule : rules) {
            if (rule.sequence() != null) {
                // A sequence's condition narrows every step; each step is its own statement.
                List<Rule.Step> steps = rule.sequence().steps();
                for (int i = 0; i < steps.size(); i++) {
                    String step = rule.condition() == null ? steps.get(i).condition()
                            : "(" + rule.condition() + ") and (" + steps.get(i).condition() + ")";
                    deploy(config, rule, step, RuleHit.Role.STEP, i);
                }
                continue;
            }
            deploy(config, rule, rule.condition() == null ? "true" : rule.condition(), RuleHit.Role.CHECK, -1);
            if (rule.indicator() != null && rule.indicator().learnCondition() != null) {
                deploy(config, rule, rule.indicator().learnCondition(), RuleHit.Role.LEARN, -1);
            }
            if (rule.newValue() != null) deployUnless(config, rule);
            if (rule.epl() != null && rule.epl().initiatedBy() != null) {
                deploy(config, rule, rule.id() + "/initiated_by", rule.epl().initiatedBy(),
                        (newEvents, oldEvents, st, rt) -> starting.add(rule.id()));
            }
        }
    }

    private void deploy(Configuration config, Rule rule, String condition, RuleHit.Role role, int step) {
        deploy(config, rule, rule.id() + "/" + role + step, condition, (newEvents, oldEvents, st, rt) -> onMatch(rule, role, step));
    }

    private void deploy(Configuration config, Rule rule, String name, String condition, UpdateListener listener) {
        try {
            EPCompiled compiled = EsperConditions.compile(config, condition);
            EPStatement statement = runtime.getDeploymentService()
                    .deploy(compiled, new DeploymentOptions().setStatementNameRuntime(context -> name)).getStatements()[0];
            statement.addListener(listener);
        } catch (InvalidConditionException | EPDeployException e) {
            // Rules are validated before they get here; this is a bug, not bad input.
            throw new IllegalStateException("rule " + rule.id() + " (" + rule.file() + "): " + e.getMessage(), e);
        }
    }

    private void deployUnless(Configuration config, Rule rule) {
        List<Rule.NewValueField> fields = rule.newValue().fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).unless() == null) continue;
            int bit = 1 << i;
            deploy(config, rule, rule.id() + "/unless" + i, fields.get(i).unless(),
                    (newEvents, oldEvents, st, rt) -> quiet.merge(rule.id(), bit, (a, b) -> a | b));
        }
    }

    private void onMatch(Rule rule, RuleHit.Role role, int step) {
        String key = role == RuleHit.Role.LEARN && rule.indicator().learnField() != null
                ? fieldValues(List.of(rule.indicator().learnField()), current)
                : groupKey(rule, current);
        if (key == null) {
            eventsWithoutKey++;
            return;
        }
        pending.add(new RuleHit(rule.id(), rule.type().label(), key, role, step, current));
    }

    public List<RuleHit> match(Event event) {
        current = event;
        pending.clear();
        runtime.getEventService().sendEventMap(EsperConditions.toMap(event), EsperConditions.EVENT_TYPE);
        if (!quiet.isEmpty() || !starting.isEmpty()) {
            for (RuleHit hit : pending) {
                hit.quietFields = quiet.getOrDefault(hit.ruleId, 0);
                if (starting.contains(hit.ruleId)) hit.role = RuleHit.Role.START;
            }
            quiet.clear();
            starting.clear();
        }
        List<RuleHit> hits = List.copyOf(pending);
        pending.clear();
        current = null;
        return hits;
    }

    /** Events a rule matched but could not key because a group_by field was empty. */
    public long eventsWithoutKey() {
        return eventsWithoutKey;
    }

    /** The values of the rule's group_by fields joined, or null when one is missing. */
    public static String groupKey(Rule rule, Event event) {
        return fieldValues(rule.groupBy(), event);
    }

    public static String fieldValues(List<String> paths, Event event) {
        if (paths.isEmpty()) return "*";
        StringBuilder key = new StringBuilder();
        for (String path : paths) {
            String value = EventField.byPath(path).orElseThrow().text(event);
            if (value == null) return null;
            if (key.length() > 0) key.append('|');
            key.append(value);
        }
        return key.toString();
    }

    @Override
    public void close() {
        runtime.destroy();
    }

}
