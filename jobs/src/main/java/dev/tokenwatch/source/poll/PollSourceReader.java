package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * Emits what the pollers found as raw records for the parse stage, moving each poller's checkpointed cursor one record
 * at a time: a checkpoint taken between two records of a page resumes exactly between them.
 */
final class PollSourceReader extends SingleThreadMultiplexSourceReaderBase<Polled, RawRecord, PollSplit, PollSourceReader.Position> {
    /** A poller's cursor as of the last record emitted, and how many it emitted in this run (the record's line). */
    static final class Position {
        final String poller;
        final ObjectNode cursor;
        long emitted;

        Position(String poller, ObjectNode cursor) {
            this.poller = poller;
            this.cursor = cursor;
        }
    }

    PollSourceReader(Supplier<SplitReader<Polled, PollSplit>> splitReader, SourceReaderContext context) {
        super(splitReader, (polled, output, position) -> {
            if (polled.text() != null) output.collect(RawRecord.of("poll:" + position.poller, ++position.emitted, polled.text()));
            polled.step().apply(position.cursor);
        }, new Configuration(), context);
    }

    @Override
    public void start() {}

    @Override
    protected void onSplitFinished(Map<String, Position> finished) {}

    @Override
    protected Position initializedState(PollSplit split) {
        try {
            return new Position(split.poller(), (ObjectNode) Json.MAPPER.readTree(split.cursor()));
        } catch (IOException e) {
            throw new UncheckedIOException("poller " + split.poller() + ": unreadable cursor in the checkpoint", e);
        }
    }

    @Override
    protected PollSplit toSplitType(String splitId, Position position) {
        return new PollSplit(splitId, position.cursor.toString());
    }
}
