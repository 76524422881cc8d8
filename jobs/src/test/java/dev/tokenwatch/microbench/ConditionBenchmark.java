package dev.tokenwatch.microbench;

import dev.tokenwatch.detect.ConditionMatcher;
import dev.tokenwatch.detect.RuleHit;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.rule.Rule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rule condition evaluation as the match stage does it ({@link ConditionMatcher#match}: the event flattened for Esper,
 * every deployed condition evaluated, a hit per rule the event concerns), on the enriched events of
 * {@code samples/native.jsonl}. {@code ONE_RULE} is {@code tw-token-new-source}, whose condition nearly every event
 * meets; {@code PACK} is every enabled shipped rule, what the job runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConditionBenchmark {

    public enum Rules {
        ONE_RULE(() -> List.of(MicrobenchData.shippedRule("tw-token-new-source"))),
        PACK(MicrobenchData::shippedRules);

        private final Supplier<List<Rule>> rules;

        Rules(Supplier<List<Rule>> rules) {
            this.rules = rules;
        }
    }

    @Param
    public Rules rules;

    private ConditionMatcher matcher;
    private Cycle<Event> events;

    @Setup
    public void deploy() {
        matcher = new ConditionMatcher(rules.rules.get());
        events = new Cycle<>(MicrobenchData.enrichedNativeEvents());
    }

    @TearDown
    public void close() {
        matcher.close();
    }

    @Benchmark
    public List<RuleHit> match() {
        return matcher.match(events.next());
    }
}
