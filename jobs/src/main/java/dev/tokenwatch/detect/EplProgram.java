package dev.tokenwatch.detect;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.EsperConditions;
import dev.tokenwatch.rule.InvalidConditionException;
import dev.tokenwatch.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One {@code epl} rule running in its own Esper runtime (one per operator instance), its statement
 * partitioned by group key. Esper's state is not checkpointed, so each key's recent events are kept
 * in Flink state too: the first time this runtime sees a key (after a restore or a rescale), it
 * replays them at their own times with output ignored, which rebuilds the statement's state.
 *
 * <p>With {@code initiated_by} (the statement's first step, as a condition), a key's events reach the
 * statement only from an event meeting it on, while the key has kept events: before its first step a
 * pattern cannot use them, and most keys never take it (tokens used every day, created long ago), so
 * they cost no state, no timer and no Esper partition.
 */
final class EplProgram implements AutoCloseable {
    private final Rule rule;
    private final EPRuntime runtime;
    private final Set<String> warmKeys = new HashSet<>();
    private long now = Long.MIN_VALUE;
    private boolean fired;

    EplProgram(Rule rule) {
        this.rule = rule;
        Configuration config = EsperConditions.configuration();
        runtime = EPRuntimeProvider.getRuntime("tokenwatch-epl-" + UUID.randomUUID(), config);
        try {
            EPCompiled compiled = EsperConditions.compileKeyed(config, rule.epl().statement());
            for (EPStatement statement : runtime.getDeploymentService().deploy(compiled).getStatements()) {
                if (EsperConditions.KEYED_STATEMENT.equals(statement.getName())) statement.addListener((n, o, s, r) -> fired = true);
            }
        } catch (InvalidConditionException | EPDeployException e) {
            throw new IllegalStateException("rule " + rule.id() + " (" + rule.file() + "): " + e.getMessage(), e);
        }
    }

    Optional<Detection> onHit(RuleHit hit, RuleState state, Timers timers) {
        Event event = hit.event;
        List<Event> buffer = new ArrayList<>(state.buffer());
        if (buffer.isEmpty() && rule.epl().initiatedBy() != null && hit.role != RuleHit.Role.START) return Optional.empty();
        if (warmKeys.add(hit.key) && !buffer.isEmpty()) replay(hit.key, buffer);
        buffer.add(event);
        long horizon = event.timestamp - rule.epl().windowMillis();
        buffer.removeIf(e -> e.timestamp < horizon);
        state.buffer(buffer);
        timers.at(Detector.cleanupTime(event.timestamp + rule.epl().windowMillis()));

        advanceTo(event.timestamp);
        fired = false;
        send(hit.key, event);
        return fired ? Optional.of(new Detection(rule, event, "matched the rule's EPL statement")) : Optional.empty();
    }

    Optional<Detection> onTimer(String stateKey, long time, RuleState state) {
        List<Event> buffer = new ArrayList<>(state.buffer());
        buffer.removeIf(e -> e.timestamp + rule.epl().windowMillis() <= time);
        if (!buffer.isEmpty()) {
            state.buffer(buffer);
            return Optional.empty();
        }
        // Quiet for a whole window: end the key's partition so Esper does not keep it forever.
        String key = RuleHit.groupKeyOf(stateKey);
        state.clear();
        if (warmKeys.remove(key)) {
            Map<String, Object> end = new HashMap<>();
            end.put(EsperConditions.KEY, key);
            end.put(EsperConditions.END, Boolean.TRUE);
            runtime.getEventService().sendEventMap(end, EsperConditions.EVENT_TYPE);
        }
        return Optional.empty();
    }

    /** Feeds a key's kept events at their own times (Esper allows going back), then returns to the present. */
    private void replay(String key, List<Event> buffer) {
        long present = now;
        buffer.sort(Comparator.comparingLong(e -> e.timestamp));
        for (Event e : buffer) {
            runtime.getEventService().advanceTime(e.timestamp);
            send(key, e);
        }
        if (present != Long.MIN_VALUE) runtime.getEventService().advanceTime(present);
        fired = false;
    }

    private void advanceTo(long time) {
        if (time > now) {
            now = time;
            runtime.getEventService().advanceTime(time);
        }
    }

    private void send(String key, Event event) {
        Map<String, Object> map = EsperConditions.toMap(event);
        map.put(EsperConditions.KEY, key);
        runtime.getEventService().sendEventMap(map, EsperConditions.EVENT_TYPE);
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
