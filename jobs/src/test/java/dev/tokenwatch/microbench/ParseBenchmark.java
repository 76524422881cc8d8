package dev.tokenwatch.microbench;

import dev.tokenwatch.parse.EventParser;
import dev.tokenwatch.parse.ParseOutcome;
import dev.tokenwatch.parse.RawRecord;
import java.util.ArrayList;
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

/**
 * One raw record to events, per input format, through {@link EventParser} as the parse stage calls it (the format is
 * recognized by shape, so the dispatch is part of the cost). One operation is one record: a Distribution notification
 * line is an envelope of several events, a Docker Hub access-token page lists several tokens, a registry log line
 * about a completed request gives none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {

    /** The input formats, each with real or vendor-shaped records. */
    public enum Format {
        NATIVE(() -> MicrobenchData.sampleLines("native.jsonl")),
        DISTRIBUTION_NOTIFICATION(() -> MicrobenchData.sampleLines("distribution-notifications.jsonl")),
        DOCKER_HUB_AUDIT(() -> MicrobenchData.sampleLines("dockerhub-audit.jsonl")),
        HARBOR_AUDIT(() -> MicrobenchData.sampleLines("harbor-audit.jsonl")),
        /** The registry's own logfmt log, captured from a real registry: failed logins and completed requests. */
        DISTRIBUTION_LOG(() -> MicrobenchData.resourceLines("/formats/distribution-registry.log")),
        HARBOR_SYSLOG(() -> MicrobenchData.resourceLines("/microbench/harbor-syslog.log")),
        TOKEN_GRANT(() -> MicrobenchData.resourceLines("/microbench/token-grants.jsonl")),
        /** A whole page of Docker Hub's access-token listing, one record. */
        DOCKER_HUB_ACCESS_TOKENS(() -> List.of(MicrobenchData.resource("/formats/dockerhub-access-tokens.json")));

        private final Supplier<List<String>> records;

        Format(Supplier<List<String>> records) {
            this.records = records;
        }

        List<String> records() {
            return records.get();
        }
    }

    @Param
    public Format format;

    private final EventParser parser = new EventParser();
    private Cycle<RawRecord> records;

    @Setup
    public void readRecords() {
        List<String> texts = format.records();
        List<RawRecord> read = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) read.add(RawRecord.of(format.name(), i + 1, texts.get(i)));
        records = new Cycle<>(read);
    }

    @Benchmark
    public ParseOutcome parseRecord() {
        return parser.parse(records.next());
    }
}
