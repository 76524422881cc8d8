package dev.tokenwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.parse.RawRecord;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job as replay builds it over the shipped samples: the shipped rules, real GeoIP data, default event time. */
public final class SamplesJob {
    private SamplesJob() {}

    public static TokenwatchJob.Outputs build(StreamExecutionEnvironment env) {
        return build(env, UnaryOperator.identity());
    }

    /** @param between applied to the raw records before they are parsed, e.g. to inject a failure */
    public static TokenwatchJob.Outputs build(StreamExecutionEnvironment env, UnaryOperator<DataStream<RawRecord>> between) {
        RuleLoader.Result rules = new RuleLoader().loadDirectory(TestRules.repoRoot().resolve("rules"));
        assertThat(rules.problems()).isEmpty();
        DataStream<RawRecord> records = TokenwatchJob.readFiles(env, List.of(TestRules.repoRoot().resolve("samples").toString()), null);
        return TokenwatchJob.build(between.apply(records), rules.enabledRules(), null,
                GeoSettings.forDirectory(GeoSettings.defaultDirectory()), EventTime.WHOLE_INPUT);
    }
}
