package dev.tokenwatch.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every microbenchmark, with every parameter, runs once through JMH for a tenth of a second in this JVM, so a
 * benchmark broken by a change (a sample moved, a rule renamed, a setup that throws) fails the build rather than the
 * next person who measures. Asserts that each ran and did some work, never how fast: speed is for the benchmark runs.
 */
class MicrobenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsWithEveryParameter() throws Exception {
        Options options = new OptionsBuilder()
                .include(MicrobenchmarksSmokeTest.class.getPackageName() + ".")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        // 8 input formats, cached and uncached lookups, one rule and the pack, alert id, serialize and round trip
        assertThat(results).hasSize(8 + 2 + 2 + 1 + 2);
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getScore())
                    .as("%s %s", result.getParams().getBenchmark(), result.getParams().getParamsKeys())
                    .isPositive();
        }
    }

    /** A parse figure means something only if its records are events of that format, not dead letters. */
    @ParameterizedTest
    @EnumSource(ParseBenchmark.Format.class)
    void everyFormatsRecordsParseToEventsWithoutDeadLetters(ParseBenchmark.Format format) {
        EventParser parser = new EventParser();
        List<String> records = format.records();
        int events = 0;
        for (int i = 0; i < records.size(); i++) {
            ParseOutcome outcome = parser.parse(RawRecord.of(format.name(), i + 1, records.get(i)));
            assertThat(outcome.deadLetters()).as("%s record %d", format, i + 1).isEmpty();
            events += outcome.events().size();
        }
        assertThat(events).as(format.name()).isPositive();
    }
}
