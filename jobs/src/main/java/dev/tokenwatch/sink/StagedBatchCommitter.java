package dev.tokenwatch.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;

/**
 * Appends staged batches to the target, each exactly once however often Flink asks: after a failure it commits again
 * the batches of the checkpoint it restored, whether or not they were appended before. Per batch:
 * <ol>
 *   <li>staging file gone: appended and cleaned up before, nothing to do;</li>
 *   <li>record the target's length unless a record exists (then an earlier attempt got at least this far);</li>
 *   <li>cut the target back to that length: whatever lies beyond it is this batch, partly or wholly appended before;</li>
 *   <li>append, fsync the target;</li>
 *   <li>delete the staging file, then the record. In this order: a record without its staging file is harmless, while a
 *   staging file without its record would be appended again.</li>
 * </ol>
 * The batches come in checkpoint order and are appended one after the other; only one committer may write a target.
 */
final class StagedBatchCommitter implements Committer<StagedBatch> {
    private final StagingFiles files;
    private final Counter linesCommitted;

    StagedBatchCommitter(StagingFiles files, Counter linesCommitted) {
        this.files = files;
        this.linesCommitted = linesCommitted;
    }

    @Override
    public void commit(Collection<CommitRequest<StagedBatch>> requests) throws IOException {
        for (CommitRequest<StagedBatch> request : requests) {
            if (!append(request.getCommittable())) request.signalAlreadyCommitted();
        }
    }

    /** @return false when the batch had been appended before */
    boolean append(StagedBatch staged) throws IOException {
        long batch = staged.batch();
        if (!Files.exists(files.staged(batch))) {
            Files.deleteIfExists(files.recordedLength(batch));
            return false;
        }
        if (Files.exists(files.recordedLength(batch))) files.cutBack(files.readLength(batch));
        try (FileChannel target = FileChannel.open(files.target(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileChannel lines = FileChannel.open(files.staged(batch), StandardOpenOption.READ)) {
            if (!Files.exists(files.recordedLength(batch))) files.recordLength(batch, target.size());
            long position = target.size();
            long size = lines.size();
            for (long done = 0; done < size; ) done += target.transferFrom(lines, position + done, size - done);
            target.force(true);
        }
        Files.delete(files.staged(batch));
        files.syncDirectory();
        Files.delete(files.recordedLength(batch));
        linesCommitted.inc(staged.lines());
        return true;
    }

    @Override
    public void close() {}
}
