package dev.tokenwatch.job;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Flink's harness for the keyed operators that take rule updates on a broadcast input. */
final class Harnesses {
    private Harnesses() {}

    /** Not yet opened, so a test can restore a snapshot into it first. */
    static <IN, OUT> KeyedBroadcastOperatorTestHarness<String, IN, String, OUT> keyed(
            KeyedBroadcastProcessFunction<String, IN, String, OUT> function, KeySelector<IN, String> key) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function, List.of(BroadcastRules.DESCRIPTOR)), key, Types.STRING, 1, 1, 0);
    }

    /** Entries of keyed state, all keys together: 0 means the operator cleaned up after itself. */
    static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> harness) {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
