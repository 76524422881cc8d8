package dev.tokenwatch.sink;

import dev.tokenwatch.job.PipelineMetrics;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Appends lines to one local file (JSON Lines, for {@code tail -f}) exactly once, across failures, restarts from a
 * checkpoint and {@code kill -9}. The lines since the last checkpoint wait in a staging file next to the target
 * ({@link StagingWriter}); when the checkpoint completes they are appended to the target ({@link StagedBatchCommitter}).
 * <p>
 * The cost: lines reach the file at each checkpoint, not at once (every 10 s for {@code run}). Without checkpointing
 * Flink commits everything at the end of the input, so on a bounded job the file is written only when the job ends.
 * <p>
 * Parallelism 1 only, and it refuses any other: one writer numbers the batches and one committer appends them in order.
 * A crash in the middle of an append leaves a partial line at the end of the target until the restarted job commits
 * that batch again, which first cuts it back ({@code tail -f} then reports the file truncated).
 */
public final class CheckpointedLineFile implements Sink<String>, SupportsCommitter<StagedBatch> {
    private final String target;

    private CheckpointedLineFile(String target) {
        this.target = target;
    }

    public static CheckpointedLineFile at(Path target) {
        return new CheckpointedLineFile(target.toAbsolutePath().toString());
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        requireParallelismOne(context);
        return new StagingWriter(files(), context.getRestoredCheckpointId().orElse(0));
    }

    @Override
    public Committer<StagedBatch> createCommitter(CommitterInitContext context) {
        requireParallelismOne(context);
        return new StagedBatchCommitter(files(), context.metricGroup().addGroup(PipelineMetrics.GROUP).counter(PipelineMetrics.LINES_COMMITTED));
    }

    @Override
    public SimpleVersionedSerializer<StagedBatch> getCommittableSerializer() {
        return new StagedBatch.Serializer();
    }

    private StagingFiles files() {
        return new StagingFiles(Path.of(target));
    }

    private void requireParallelismOne(InitContext context) {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException("the sink to " + target + " runs at parallelism 1 only, not " + parallelism);
        }
    }
}
