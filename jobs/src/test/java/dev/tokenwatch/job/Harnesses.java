package dev.tokenwatch.job;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.watermark.Watermark;
import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;

/** Flink's harnesses for the keyed operators that take rule updates on a broadcast input. */
final class Harnesses {
    private Harnesses() {}

    /** Not yet opened, so a test can restore a snapshot into it first. */
    static <IN, OUT> KeyedBroadcastOperatorTestHarness<String, IN, String, OUT> keyed(
            KeyedBroadcastProcessFunction<String, IN, String, OUT> function, KeySelector<IN, String> key) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function, List.of(BroadcastRules.DESCRIPTOR)), key, Types.STRING, 1, 1, 0);
    }

    /** The rule-state operator, keyed by hit group, rule snapshots on its second input; not yet opened. */
    static KeyedTwoInputStreamOperatorTestHarness<String, HitGroup, String, Detection> ruleState(List<Rule> rules) throws Exception {
        return ruleState(rules, 1, 1, 0);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, HitGroup, String, Detection> ruleState(
            List<Rule> rules, int maxParallelism, int parallelism, int subtask) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new RuleStateOperator(rules), g -> g.key, snapshot -> "", Types.STRING,
                maxParallelism, parallelism, subtask);
    }

    /** The event's hit groups into the rule-state harness, as the match stage sends them. */
    static void send(KeyedTwoInputStreamOperatorTestHarness<String, HitGroup, String, Detection> harness, ConditionMatcher matcher, Event e)
            throws Exception {
        for (HitGroup group : HitGroup.of(e, matcher.match(e))) harness.processElement1(group, e.timestamp);
    }

    static void watermark(TwoInputStreamOperatorTestHarness<?, ?, ?> harness, long time) throws Exception {
        harness.processBothWatermarks(new Watermark(time));
    }

    /** Entries of keyed state, all keys together: 0 means the operator cleaned up after itself. */
    static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
