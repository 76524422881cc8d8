package dev.tokenwatch.job;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.detect.Detection;
import dev.tokenwatch.detect.HitGroup;
import dev.tokenwatch.enrich.GeoSettings;
import dev.tokenwatch.event.Event;
import dev.tokenwatch.inventory.TokenUses;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.rule.Rule;
import dev.tokenwatch.source.RecordFileFormat;
import dev.tokenwatch.source.kafka.KafkaInput;
import dev.tokenwatch.source.poll.PollingSource;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The Tokenwatch pipeline: parse → event time (late events out) → enrich → order (repeated event ids out) → network
 * sharing → token attribution → match (one hit group per event and group key) → rule state → suppress.
 * Rule state and suppression take each key's input in event-time order ({@link EventTime}), so the
 * alerts do not depend on how files, partitions and subtasks interleave.
 * Sources and sinks are arguments, so the CLI, a cluster deployment and tests plug in their own.
 * Every operator has a stable uid: savepoints map state by it.
 */
public final class TokenwatchJob {
    /** @param events the enriched events, for sinks that keep them (Elasticsearch) */
    public record Outputs(DataStream<Alert> alerts, DataStream<String> deadLetters, DataStream<Event> events) {}

    static {
        EventTypes.register(); // before any of the job's types is built
    }

    private TokenwatchJob() {}

    /** A fixed rule set: a source that ends at once, so the operators' broadcast input is finished from the start. */
    private static DataStream<String> noRuleUpdates(StreamExecutionEnvironment env) {
        return env.fromSource(new DataGeneratorSource<>(index -> "", 0, Types.STRING), WatermarkStrategy.noWatermarks(), "no rule updates")
                .uid("source-no-rule-updates").setParallelism(1);
    }

    /** The files (or directories) as a source; {@code monitor} non-null keeps watching them for new files. */
    public static FileSource<RawRecord> fileSource(List<String> paths, Duration monitor) {
        FileSource.FileSourceBuilder<RawRecord> builder = FileSource.forBulkFileFormat(new RecordFileFormat(),
                        paths.stream().map(Path::new).toArray(Path[]::new))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(RecordFileFormat::isEventFile));
        if (monitor != null) builder.monitorContinuously(monitor);
        return builder.build();
    }

    public static DataStream<RawRecord> readFiles(StreamExecutionEnvironment env, List<String> paths, Duration monitor) {
        return env.fromSource(fileSource(paths, monitor), WatermarkStrategy.noWatermarks(), "files")
                .uid("source-files");
    }

    /**
     * A Kafka topic, one record a line or document of text ({@link dev.tokenwatch.source.kafka.KafkaRecords}), with its
     * partitions' offsets in the checkpoints. No watermarks here, as for files: event time is each event's own, assigned
     * after parsing per parallel reader ({@link LiveEventTimeOperator}), and a reader whose partitions are quiet holds no
     * one back (idle until its first event, then following the wall clock once quiet for {@code settle}), so a quiet
     * partition does not stall detection.
     */
    public static DataStream<RawRecord> readKafka(StreamExecutionEnvironment env, KafkaInput kafka) {
        return env.fromSource(kafka.source(), WatermarkStrategy.noWatermarks(), "kafka " + kafka.topic())
                .uid("source-kafka");
    }

    /** What the pollers find; one subtask polls, so each API sees one client. */
    public static DataStream<RawRecord> poll(StreamExecutionEnvironment env, PollingSource pollers) {
        return env.fromSource(pollers, WatermarkStrategy.noWatermarks(), "pollers").uid("source-pollers").setParallelism(1);
    }

    /**
     * Every type the job ships between operators or keeps in state has a serializer of its own (POJO, basic, list);
     * one that would fall back to Kryo (slow, and its state breaks on class changes) fails the job at once instead.
     */
    private static void forbidKryo(StreamExecutionEnvironment env) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(config);
    }

    /**
     * @param rules the rules to start with
     * @param ruleUpdates accepted rule snapshots (JSON of {@code RuleFiles}) for hot reload, or null for a fixed rule set
     * @param geo GeoIP/ASN databases, or null to run without enrichment
     */
    public static Outputs build(DataStream<RawRecord> records, List<Rule> rules, DataStream<String> ruleUpdates,
                                GeoSettings geo, EventTime eventTime) {
        forbidKryo(records.getExecutionEnvironment());
        DataStream<String> snapshots = ruleUpdates != null ? ruleUpdates : noRuleUpdates(records.getExecutionEnvironment());
        BroadcastStream<String> updates = snapshots.broadcast(BroadcastRules.DESCRIPTOR);
        // A bounded run reads each file whole in one reader, so one big file would leave parsing (most of the work
        // before the order stage) to one core; lines are cheap to ship. Live, parsing stays with its reader: its
        // watermark follows that reader's partitions.
        DataStream<RawRecord> lines = eventTime.wholeInput() ? records.rebalance() : records;
        SingleOutputStreamOperator<Event> parsed = lines
                .process(new ParseFunction()).uid("parse").name("parse");

        SingleOutputStreamOperator<Event> timed = eventTime.assign(parsed).uid("event-time").name("event-time");
        SingleOutputStreamOperator<Event> onTime = timed
                .process(new LateEventFilter(eventTime.allowedLateness())).uid("late-events").name("late-events");
        // Enriched before the order stage: the network-sharing stage keys by AS, and reading straight from
        // the single order subtask gives each network its events in event-time order.
        SingleOutputStreamOperator<Event> located = onTime.map(new EnrichFunction(geo)).uid("enrich").name("enrich");
        // Parallelism 1, and max parallelism 1 so that no rescaling (an autoscaler's either) splits its one order. It
        // always starts a chain of its own: chained to enrich (both at parallelism 1 when -p 1), its state went into
        // checkpoints with that chain's max parallelism (128), and a restore at -p 2, where it is a vertex of its own
        // with max parallelism 1, was refused as a max parallelism mismatch (RescaleIT).
        DataStream<Event> ordered = located.transform("order", located.getType(), new EventTimeSorter())
                .uid("order").name("order").setParallelism(1).setMaxParallelism(1).startNewChain();
        DataStream<Event> enriched = ordered.keyBy(NetworkSharingFunction::key)
                .process(new NetworkSharingFunction()).uid("network-sharing").name("network-sharing")
                .keyBy(TokenAttributionFunction::key)
                .process(new TokenAttributionFunction()).uid("token-attribution").name("token-attribution");

        DataStream<Alert> alerts = enriched
                .connect(updates).process(new MatchFunction(rules)).uid("match").name("match")
                .keyBy((HitGroup g) -> g.key).connect(snapshots.broadcast())
                .transform("rule-state", TypeInformation.of(Detection.class), new RuleStateOperator(rules)).uid("rule-state")
                .keyBy((Detection d) -> d.suppressionKey).connect(updates)
                .process(new SuppressFunction(rules)).uid("suppress").name("suppress");

        return new Outputs(alerts, parsed.getSideOutput(ParseFunction.DEAD_LETTERS)
                .union(timed.getSideOutput(ParseFunction.DEAD_LETTERS), onTime.getSideOutput(ParseFunction.DEAD_LETTERS)), enriched);
    }

    /**
     * The live token inventory ({@link TokenInventoryFunction}): each changed token record, as its state JSON, at most
     * every few seconds of event time. Built where it is read, the entity index: without one it would only cost.
     */
    public static DataStream<String> tokenInventory(Outputs outputs) {
        TypeInformation<Either<Event, Alert>> either = new EitherTypeInfo<>(EventTypes.EVENT, TypeInformation.of(Alert.class));
        DataStream<Either<Event, Alert>> tokens = outputs.events().filter(TokenInventoryFunction::namesToken)
                .uid("token-inventory-events").name("token-inventory-events")
                .map(Either::<Event, Alert>Left).returns(either).uid("token-inventory-events-either").name("token-inventory-events-either")
                .union(outputs.alerts().filter(TokenInventoryFunction::namesToken)
                        .uid("token-inventory-alerts").name("token-inventory-alerts")
                        .map(Either::<Event, Alert>Right).returns(either).uid("token-inventory-alerts-either").name("token-inventory-alerts-either"));
        BroadcastStream<Event> removals = outputs.events().filter(TokenUses::isOrganizationRemoval)
                .uid("token-inventory-removals").name("token-inventory-removals")
                .broadcast(TokenInventoryFunction.REMOVED_OWNERS);
        return tokens.keyBy(TokenInventoryFunction::key).connect(removals)
                .process(new TokenInventoryFunction()).uid("token-inventory").name("token-inventory");
    }
}
