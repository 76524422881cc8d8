package dev.tokenwatch.cli;

import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.sink.LineSink;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Wiring shared by {@code run} and {@code replay}: the pipeline with alerts and dead letters to local files. */
final class LocalJob {
    private LocalJob() {}

    /** @param ruleUpdates rule snapshots for hot reload, or null for the fixed set {@code rules} */
    static TokenwatchJob.Outputs wire(DataStream<RawRecord> records, List<Rule> rules, DataStream<String> ruleUpdates,
                                      GeoSettings geo, EventTime eventTime, Path alertsFile, Path deadLettersFile) {
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(records, rules, ruleUpdates, geo, eventTime);
        outputs.alerts().map(AlertJson::toJson).uid("alerts-json").name("alerts-json")
                .sinkTo(LineSink.toFile(alertsFile)).setParallelism(1).uid("sink-alerts-file").name("alerts file");
        outputs.deadLetters().sinkTo(LineSink.toFile(deadLettersFile)).setParallelism(1)
                .uid("sink-dead-letters-file").name("dead-letters file");
        return outputs;
    }
}
