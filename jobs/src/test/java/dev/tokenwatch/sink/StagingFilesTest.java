package dev.tokenwatch.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFilesTest {
    @TempDir
    Path dir;

    /** Batches up to the restored checkpoint may still wait for their commit; later ones belong to no checkpoint. */
    @Test
    void onRestoreOnlyBatchesAfterTheRestoredCheckpointAreDiscarded() throws IOException {
        StagingFiles files = new StagingFiles(dir.resolve("alerts.jsonl"));
        for (long batch : new long[] {6, 7, 8, 9}) Files.writeString(files.staged(batch), batch + "\n");
        files.recordLength(7, 0);
        files.recordLength(9, 0);
        Path halfWritten = Files.writeString(dir.resolve(".alerts.jsonl.staging-9.length.tmp"), "1");
        Path other = Files.writeString(dir.resolve(".dead-letters.jsonl.staging-9"), "x\n");

        files.discardAfter(7);

        assertThat(files.staged(6)).exists();
        assertThat(files.staged(7)).exists();
        assertThat(files.recordedLength(7)).exists();
        assertThat(files.staged(8)).doesNotExist();
        assertThat(files.staged(9)).doesNotExist();
        assertThat(files.recordedLength(9)).doesNotExist();
        assertThat(halfWritten).doesNotExist();
        assertThat(other).exists();
    }

    /** A kill -9 in the middle of an append, then {@code run --fresh}: the partial batch must not stay at the end. */
    @Test
    void aDiscardedBatchWhoseAppendWasUnderWayIsCutOffTheTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("alerts.jsonl"), "a\nb\n{\"par");
        StagingFiles files = new StagingFiles(target);
        Files.writeString(files.staged(4), "b\n{\"partial\":true}\n");
        files.recordLength(4, 2);

        files.discardAfter(0);

        assertThat(target).hasContent("a\n");
        assertThat(dir).isDirectoryNotContaining(p -> !p.equals(target));
    }
}
