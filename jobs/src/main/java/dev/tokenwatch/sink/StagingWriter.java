package dev.tokenwatch.sink;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

/**
 * Writes the lines since the last checkpoint to a staging file and hands it over at the checkpoint. Batches are numbered
 * from the restored checkpoint's id + 1, one number per checkpoint this writer takes part in. Checkpoint ids grow by at
 * least one per checkpoint, so a batch's number is never above the id of the checkpoint that holds it: every batch
 * numbered above the restored id was written after that checkpoint, and is discarded at start.
 */
final class StagingWriter implements CommittingSinkWriter<String, StagedBatch> {
    private final StagingFiles files;
    private long batch;
    private FileChannel channel;
    private Writer out;
    private long lines;

    StagingWriter(StagingFiles files, long restoredCheckpointId) throws IOException {
        this.files = files;
        this.batch = restoredCheckpointId + 1;
        Files.createDirectories(files.target().getParent());
        files.discardAfter(restoredCheckpointId);
    }

    @Override
    public void write(String line, Context context) throws IOException {
        if (out == null) {
            channel = FileChannel.open(files.staged(batch), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
        }
        out.write(line);
        out.write('\n');
        lines++;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (out != null) out.flush();
    }

    /** Durable before the checkpoint completes: from then on the source will not read these lines again. */
    @Override
    public Collection<StagedBatch> prepareCommit() throws IOException {
        long staged = batch++;
        if (out == null) return List.of();
        out.flush();
        channel.force(true);
        out.close();
        out = null;
        files.syncDirectory();
        StagedBatch committable = new StagedBatch(staged, lines);
        lines = 0;
        return List.of(committable);
    }

    /** The open batch belongs to no checkpoint: nothing will commit it, and after a restore its lines come again. */
    @Override
    public void close() throws IOException {
        if (out == null) return;
        out.close();
        Files.deleteIfExists(files.staged(batch));
    }
}
