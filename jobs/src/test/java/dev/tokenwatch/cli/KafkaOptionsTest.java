package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka and checkpoint options: what goes together, told before anything starts. */
class KafkaOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aTopicOrAStartWithoutBootstrapServersIsAUsageError() {
        Cli.Run topic = Cli.run("run", "--data", dir.toString(), "--topic", "audit");
        assertThat(topic.exit()).isEqualTo(2);
        assertThat(topic.err()).contains("--topic audit needs --kafka HOST:PORT too");
        Cli.Run start = Cli.run("run", "--data", dir.toString(), "--kafka-start", "latest");
        assertThat(start.exit()).isEqualTo(2);
        assertThat(start.err()).contains("need --kafka HOST:PORT");
    }

    @Test
    void bootstrapServersNeedATopicAndAKnownStart() {
        Cli.Run noTopic = Cli.run("run", "--data", dir.toString(), "--kafka", "127.0.0.1:9092");
        assertThat(noTopic.exit()).isEqualTo(2);
        assertThat(noTopic.err()).contains("needs --topic NAME too (or $TOKENWATCH_KAFKA_TOPIC)");
        Cli.Run start = Cli.run("run", "--data", dir.toString(), "--kafka", "127.0.0.1:9092", "--topic", "t", "--kafka-start", "middle");
        assertThat(start.exit()).isEqualTo(2);
        assertThat(start.err()).contains("--kafka-start middle: expected earliest or latest");
    }

    @Test
    void theReceiverWritesToKafkaAndReadsNothingFromIt() {
        Cli.Run run = Cli.run("receive", "--data", dir.toString(), "--listen", "127.0.0.1:0", "--kafka", "127.0.0.1:9092",
                "--topic", "t", "--kafka-group", "g");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--kafka-start and --kafka-group are for run");
        Cli.Run both = Cli.run("receive", "--data", dir.toString(), "--listen", "127.0.0.1:0", "--kafka", "127.0.0.1:9092",
                "--topic", "t", "--spool", dir.resolve("spool").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--spool and --kafka");
    }

    @Test
    void freshAndFromCheckpointContradictEachOther() {
        Cli.Run run = Cli.run("run", "--data", dir.toString(), "--fresh", "--from-checkpoint", "s3://b/cp/chk-3");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--fresh and --from-checkpoint");
    }

    @Test
    void checkpointLocationsThatAreLocalAreListedForResumingOthersAreNot() {
        assertThat(RunCommand.localPath("/var/lib/tw/checkpoints")).isEqualTo(Path.of("/var/lib/tw/checkpoints"));
        assertThat(RunCommand.localPath("file:///var/lib/tw/checkpoints")).isEqualTo(Path.of("/var/lib/tw/checkpoints"));
        assertThat(RunCommand.localPath("cp")).isEqualTo(Path.of("cp").toAbsolutePath());
        assertThat(RunCommand.localPath("s3://bucket/tokenwatch/checkpoints")).isNull();
        assertThat(RunCommand.localPath("hdfs://nn:8020/tw")).isNull();
        assertThatThrownBy(() -> RunCommand.localPath("file://host/x")).hasMessageContaining("three slashes");
    }

    @Test
    void theSavepointOfFlinkRunDashSWinsOverTheNewestCheckpointButNotOverFromCheckpoint() throws Exception {
        Path chk = Files.createDirectories(dir.resolve("checkpoints/job/chk-7"));
        Files.writeString(chk.resolve("_metadata"), "");
        Configuration cli = new Configuration().set(StateRecoveryOptions.SAVEPOINT_PATH, "file:/sp/savepoint-1");
        Path checkpoints = dir.resolve("checkpoints");
        assertThat(RunCommand.resumeFrom(null, false, new Configuration(), checkpoints)).contains(chk.toString());
        assertThat(RunCommand.resumeFrom(null, false, cli, checkpoints)).contains("file:/sp/savepoint-1");
        assertThat(RunCommand.resumeFrom(null, true, cli, checkpoints)).contains("file:/sp/savepoint-1");
        assertThat(RunCommand.resumeFrom("s3://b/cp/chk-3", false, cli, checkpoints)).contains("s3://b/cp/chk-3");
        assertThat(RunCommand.resumeFrom(null, true, new Configuration(), checkpoints)).isEmpty();
    }
}
