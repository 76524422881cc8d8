package dev.tokenwatch.job;

import dev.tokenwatch.event.Event;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Raw records to events; what cannot be parsed goes to the dead-letter side output as JSON. */
public class ParseFunction extends ProcessFunction<RawRecord, Event> {
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient EventParser parser;
    private transient Counters recordsIn, recordsClean, recordsBlank, recordsIgnored, recordsDead, eventsParsed, eventsWithProblems, deadLetters;
    /** Records and events by {@link MetricLabels#source}, dead letters by {@link MetricLabels#reason}. */
    private transient LabeledCounters recordsBySource, eventsBySource, deadLettersByReason;
    /** The last origin's source label: records come a file (a batch) at a time, so this spares the classifying. */
    private transient String lastOrigin, lastSource;

    @Override
    public void open(OpenContext openContext) {
        parser = new EventParser();
        recordsIn = Counters.register(getRuntimeContext(), PipelineMetrics.RECORDS_IN);
        recordsClean = Counters.register(getRuntimeContext(), PipelineMetrics.RECORDS_CLEAN);
        recordsBlank = Counters.register(getRuntimeContext(), PipelineMetrics.RECORDS_BLANK);
        recordsIgnored = Counters.register(getRuntimeContext(), PipelineMetrics.RECORDS_IGNORED);
        recordsDead = Counters.register(getRuntimeContext(), PipelineMetrics.RECORDS_DEAD_LETTERED);
        eventsParsed = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_PARSED);
        eventsWithProblems = Counters.register(getRuntimeContext(), PipelineMetrics.EVENTS_WITH_PROBLEMS);
        deadLetters = Counters.register(getRuntimeContext(), PipelineMetrics.DEAD_LETTERS);
        recordsBySource = LabeledCounters.register(getRuntimeContext(), MetricLabels.SOURCE, PipelineMetrics.RECORDS_IN, List.of());
        eventsBySource = LabeledCounters.register(getRuntimeContext(), MetricLabels.SOURCE, PipelineMetrics.EVENTS_PARSED, List.of());
        deadLettersByReason = LabeledCounters.register(getRuntimeContext(), MetricLabels.REASON, PipelineMetrics.DEAD_LETTERS, MetricLabels.REASONS);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Event> out) {
        recordsIn.inc();
        String source = source(record.origin());
        recordsBySource.inc(source);
        ParseOutcome outcome = parser.parse(record);
        (outcome.ignored() ? recordsIgnored : outcome.blank() ? recordsBlank : outcome.clean() ? recordsClean : recordsDead).inc();
        eventsParsed.add(outcome.events().size());
        if (!outcome.events().isEmpty()) eventsBySource.add(source, outcome.events().size());
        for (Event event : outcome.events()) {
            if (event.problems != null) eventsWithProblems.inc();
            out.collect(event);
        }
        deadLetters.add(outcome.deadLetters().size());
        for (DeadLetter d : outcome.deadLetters()) {
            deadLettersByReason.inc(MetricLabels.reason(d.reason()));
            ctx.output(DEAD_LETTERS, d.toJson());
        }
    }

    private String source(String origin) {
        if (origin == null || !origin.equals(lastOrigin)) {
            lastOrigin = origin;
            lastSource = MetricLabels.source(origin);
        }
        return lastSource;
    }
}
