package dev.tokenwatch.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer against real files: every way Flink may ask again, and the crashes a record of the length covers. */
class StagedBatchCommitterTest {
    @TempDir
    Path dir;

    private Path target;
    private StagingFiles files;
    private SimpleCounter committed;
    private StagedBatchCommitter committer;

    private void start(String existing) throws IOException {
        target = dir.resolve("alerts.jsonl");
        Files.writeString(target, existing);
        files = new StagingFiles(target);
        committed = new SimpleCounter();
        committer = new StagedBatchCommitter(files, committed);
    }

    private StagedBatch stage(long batch, String... lines) throws IOException {
        Files.writeString(files.staged(batch), Arrays.stream(lines).map(l -> l + "\n").collect(Collectors.joining()));
        return new StagedBatch(batch, lines.length);
    }

    @Test
    void appendsAndCleansUp() throws IOException {
        start("a\n");
        StagedBatch batch = stage(3, "b", "c");

        assertThat(committer.append(batch)).isTrue();

        assertThat(Files.readString(target)).isEqualTo("a\nb\nc\n");
        assertThat(committed.getCount()).isEqualTo(2);
        assertThat(dir).isDirectoryContaining(p -> p.equals(target)).isDirectoryNotContaining(p -> !p.equals(target));
    }

    @Test
    void committingTwiceAppendsOnce() throws IOException {
        start("a\n");
        StagedBatch batch = stage(3, "b");

        committer.append(batch);
        assertThat(committer.append(batch)).isFalse();

        assertThat(Files.readString(target)).isEqualTo("a\nb\n");
        assertThat(committed.getCount()).isEqualTo(1);
    }

    @Test
    void stagingGoneIsAlreadyCommitted() throws IOException {
        start("a\n");

        assertThat(committer.append(new StagedBatch(3, 1))).isFalse();

        assertThat(Files.readString(target)).isEqualTo("a\n");
        assertThat(committed.getCount()).isZero();
    }

    @Test
    void crashAfterTheAppendBeforeCleanupIsCutBackAndAppendedOnce() throws IOException {
        start("a\n");
        StagedBatch batch = stage(3, "b", "c");
        files.recordLength(3, 2);
        Files.writeString(target, "a\nb\nc\n");

        assertThat(committer.append(batch)).isTrue();

        assertThat(Files.readString(target)).isEqualTo("a\nb\nc\n");
        assertThat(files.recordedLength(3)).doesNotExist();
    }

    @Test
    void crashInTheMiddleOfTheAppendLeavesNoPartialLine() throws IOException {
        start("a\n");
        StagedBatch batch = stage(3, "b", "c");
        files.recordLength(3, 2);
        Files.writeString(target, "a\nb\n{\"par", StandardCharsets.UTF_8);

        committer.append(batch);

        assertThat(Files.readString(target)).isEqualTo("a\nb\nc\n");
    }

    @Test
    void recordLeftAfterTheStagingFileWasDeletedIsOnlyCleanedUp() throws IOException {
        start("a\nb\n");
        files.recordLength(3, 2);

        assertThat(committer.append(new StagedBatch(3, 1))).isFalse();

        assertThat(Files.readString(target)).isEqualTo("a\nb\n");
        assertThat(files.recordedLength(3)).doesNotExist();
    }

    @Test
    void batchesAppendInTheOrderGivenAndCreateTheTarget() throws IOException {
        start("");
        Files.delete(target);

        committer.append(stage(1, "x"));
        committer.append(stage(2, "y"));

        assertThat(Files.readString(target)).isEqualTo("x\ny\n");
    }
}
