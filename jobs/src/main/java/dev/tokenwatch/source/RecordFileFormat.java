package dev.tokenwatch.source;

import dev.tokenwatch.parse.RawRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Flink's file source reading {@link RawRecord}s with {@link LineReader}. A bulk format rather than a
 * stream format because only this API hands the reader the file path, which dead letters need.
 * Checkpoints store how many records of the file were emitted; a restore skips that many.
 */
public final class RecordFileFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final int BATCH = 500;

    /**
     * Extensions read from directories: JSON in its forms, and {@code .log}, text log lines (the registry's own logfmt,
     * Harbor's syslog-forwarded audit lines), one record per line. Anything else there (a README, a half-written .tmp) is left alone.
     */
    public static final List<String> EXTENSIONS = List.of(".jsonl", ".ndjson", ".json", ".log");

    /**
     * Directories are descended; files need an event extension and must not be hidden, so a writer can
     * put {@code .name.jsonl} in the spool and rename it when complete.
     */
    public static boolean isEventFile(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) return false;
        try {
            if (path.getFileSystem().getFileStatus(path).isDir()) return true;
        } catch (IOException e) {
            return false;
        }
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new RecordReader(split, 0);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new RecordReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static final class RecordReader implements Reader<RawRecord> {
        private final LineReader lines;
        private long emitted;

        RecordReader(FileSourceSplit split, long skip) throws IOException {
            String origin = split.path().toString();
            lines = new LineReader(origin, new BufferedInputStream(split.path().getFileSystem().open(split.path()), 1 << 16));
            for (; emitted < skip; emitted++) {
                if (lines.next() == null) break;
            }
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            List<RawRecord> batch = new ArrayList<>(BATCH);
            RawRecord r;
            while (batch.size() < BATCH && (r = lines.next()) != null) batch.add(r);
            if (batch.isEmpty()) return null;
            IteratorResultIterator<RawRecord> it =
                    new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, emitted);
            emitted += batch.size();
            return it;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
