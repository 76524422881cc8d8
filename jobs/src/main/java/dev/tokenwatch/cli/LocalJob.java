package dev.tokenwatch.cli;

import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.job.EventTime;
import dev.tokenwatch.job.TokenwatchJob;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.sink.CheckpointedLineFile;
import dev.tokenwatch.sink.LineSink;
import dev.tokenwatch.sink.elasticsearch.ElasticsearchSink;
import dev.tokenwatch.sink.elasticsearch.EsClients;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import dev.tokenwatch.sink.elasticsearch.EsSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Wiring shared by {@code run} and {@code replay}: the pipeline with alerts and dead letters to local files. */
final class LocalJob {
    private LocalJob() {}

    /**
     * @param ruleUpdates rule snapshots for hot reload, or null for the fixed set {@code rules}
     * @param fileSink the sink for a local file: {@link CheckpointedLineFile#at} where the job restarts from checkpoints,
     *                 {@link LineSink#toFile} where it does not and each line should show at once
     * @param es when not null, alerts and enriched events also go to Elasticsearch; documents it refuses to es-dead-letters.jsonl
     */
    static TokenwatchJob.Outputs wire(DataStream<RawRecord> records, List<Rule> rules, DataStream<String> ruleUpdates,
                                      GeoSettings geo, EventTime eventTime, Function<Path, Sink<String>> fileSink,
                                      Path alertsFile, Path deadLettersFile, EsSettings es) {
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(records, rules, ruleUpdates, geo, eventTime);
        outputs.alerts().map(AlertJson::toJson).uid("alerts-json").name("alerts-json")
                .sinkTo(fileSink.apply(alertsFile)).setParallelism(1).uid("sink-alerts-file").name("alerts file");
        outputs.deadLetters().sinkTo(fileSink.apply(deadLettersFile)).setParallelism(1)
                .uid("sink-dead-letters-file").name("dead-letters file");
        if (es != null) {
            Path esDeadLetters = DeadLetterFiles.forElasticsearch(deadLettersFile);
            outputs.alerts().sinkTo(ElasticsearchSink.alerts(es, esDeadLetters)).uid("sink-es-alerts").name("elasticsearch alerts");
            outputs.events().sinkTo(ElasticsearchSink.events(es, esDeadLetters)).uid("sink-es-events").name("elasticsearch events");
        }
        return outputs;
    }

    /**
     * The Elasticsearch settings, checked before the job starts: null when none are configured. An
     * unreachable cluster or refused credentials fail here with a message; missing index templates
     * are installed (the same as {@code es setup} with default retention).
     */
    static EsSettings elasticsearch(EsOptions options, PrintStream err) {
        options.startLocalIfAsked(err);
        EsSettings es;
        try {
            es = options.settings();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (es == null) return null;
        try {
            String cluster = EsClients.checkReachable(es);
            try (var rest = EsClients.restClient(es)) {
                EsSetup setup = new EsSetup(rest, es.indices());
                if (!setup.installed()) {
                    err.println("Elasticsearch: installing index templates (see './tokenwatch es setup --help' to choose retention)");
                    setup.install("90d", "730d").forEach(step -> err.println("  " + step));
                }
            }
            err.println("Elasticsearch: " + cluster + " at " + es.describe() + "; alerts -> " + es.indices().alertsAlias()
                    + ", events -> " + es.indices().eventsAlias());
            return es;
        } catch (EsClients.EsUnavailableException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("Elasticsearch at " + es.describe() + ": cannot install the index templates: " + e.getMessage());
        }
    }
}
