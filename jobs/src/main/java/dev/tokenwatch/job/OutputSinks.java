package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.sink.CheckpointedLineFile;
import dev.tokenwatch.sink.LineSink;
import dev.tokenwatch.sink.elasticsearch.ElasticsearchSink;
import dev.tokenwatch.sink.chat.Routes;
import dev.tokenwatch.sink.elasticsearch.EsSettings;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The one place where outputs attach to the pipeline: alerts and dead letters to local files, the console,
 * Elasticsearch, chat. Every sink has a stable uid, so savepoints find their state whichever outputs a run switches on.
 */
public final class OutputSinks {
    /** How the local files are written. */
    public enum Files {
        /** At each checkpoint, exactly once across restarts ({@link CheckpointedLineFile}): a job that resumes. */
        EXACTLY_ONCE,
        /** At once ({@link LineSink#toFile}): a bounded run without checkpoints, nothing to repeat. */
        AT_ONCE
    }

    /**
     * @param console           alerts also as one line each on standard output
     * @param es                when not null, alerts, enriched events and the token inventory are indexed into Elasticsearch
     * @param esDeadLettersFile where documents Elasticsearch refuses go
     */
    public record Settings(Path alertsFile, Path deadLettersFile, Files files, boolean console,
                           EsSettings es, Path esDeadLettersFile, Routes chat, Path chatLedgers) {
        public static Settings files(Path alertsFile, Path deadLettersFile, Files files) {
            return new Settings(alertsFile, deadLettersFile, files, false, null, null, null, null);
        }

        public Settings withConsole() {
            return new Settings(alertsFile, deadLettersFile, files, true, es, esDeadLettersFile, chat, chatLedgers);
        }

        public Settings withElasticsearch(EsSettings settings, Path deadLetters) {
            return new Settings(alertsFile, deadLettersFile, files, console, settings, deadLetters, chat, chatLedgers);
        }

        /** @param ledgers where each destination's record of what it acknowledged lives: beside the checkpoints */
        public Settings withChat(Routes routes, Path ledgers) {
            return new Settings(alertsFile, deadLettersFile, files, console, es, esDeadLettersFile, routes, ledgers);
        }
    }

    private OutputSinks() {}

    public static void attach(TokenwatchJob.Outputs outputs, Settings settings) {
        outputs.alerts().map(AlertJson::toJson).uid("alerts-json").name("alerts-json")
                .sinkTo(fileSink(settings, settings.alertsFile())).setParallelism(1).uid("sink-alerts-file").name("alerts file");
        DataStream<String> deadLetters = outputs.deadLetters();
        if (settings.chat() != null && !settings.chat().destinations().isEmpty()) {
            deadLetters = deadLetters.union(chat(outputs.alerts(), settings.chat(), settings.chatLedgers()));
        }
        deadLetters.sinkTo(fileSink(settings, settings.deadLettersFile())).setParallelism(1)
                .uid("sink-dead-letters-file").name("dead-letters file");
        if (settings.console()) {
            outputs.alerts().map(AlertJson::summary).uid("alerts-console-text").name("alerts-console-text")
                    .sinkTo(LineSink.toStdout()).setParallelism(1).uid("sink-console").name("console");
        }
        if (settings.es() != null) {
            outputs.alerts().sinkTo(ElasticsearchSink.alerts(settings.es(), settings.esDeadLettersFile()))
                    .uid("sink-es-alerts").name("elasticsearch alerts");
            outputs.events().sinkTo(ElasticsearchSink.events(settings.es(), settings.esDeadLettersFile()))
                    .uid("sink-es-events").name("elasticsearch events");
            TokenwatchJob.tokenInventory(outputs).sinkTo(ElasticsearchSink.tokens(settings.es(), settings.esDeadLettersFile()))
                    .uid("sink-es-tokens").name("elasticsearch tokens");
        }
    }

    /** Alerts to chat, keyed by destination; what could not be delivered comes back as dead letters. */
    private static DataStream<String> chat(DataStream<Alert> alerts, Routes routes, Path ledgers) {
        return alerts.flatMap(new ChatRouteFunction(routes)).uid("chat-route").name("chat-route")
                .returns(Types.TUPLE(Types.STRING, Types.POJO(Alert.class)))
                .keyBy(routed -> routed.f0)
                .process(new ChatDeliveryFunction(routes, ledgers)).uid("chat-delivery").name("chat delivery");
    }

    private static Sink<String> fileSink(Settings settings, Path file) {
        return settings.files() == Files.EXACTLY_ONCE ? CheckpointedLineFile.at(file) : LineSink.toFile(file);
    }
}
