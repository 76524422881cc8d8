package dev.tokenwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.util.FileUtils;

/**
 * One directory for everything a command's local Flink writes temporarily (the RPC system's jar, blob
 * stores, the MiniCluster's working directories, web uploads) and the command's own scratch files.
 * Flink leaves some of these behind in the system temporary directory, about 20 MB a run; this one is
 * deleted when the command ends, and by a shutdown hook when it is stopped with Ctrl-C.
 */
final class RunTempDir implements AutoCloseable {
    private final Path dir;
    private final Thread deleteOnExit;

    private RunTempDir(Path dir) {
        this.dir = dir;
        this.deleteOnExit = new Thread(this::delete, "tokenwatch-temp-cleanup");
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    static RunTempDir under(Path root) throws IOException {
        Files.createDirectories(root);
        return new RunTempDir(Files.createTempDirectory(root, "tokenwatch-"));
    }

    Path dir() {
        return dir;
    }

    /**
     * {@code conf} for this run's local Flink: temporary directories moved here (the RPC jar, blobs and
     * working directories follow io.tmp.dirs), and counters reported every second instead of every 10 s,
     * so progress and status lines move from the first second.
     */
    Configuration configure(Configuration conf) {
        conf.set(CoreOptions.TMP_DIRS, dir.toString());
        conf.set(WebOptions.TMP_DIR, dir.toString());
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        return conf;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it deletes the directory.
        }
        delete();
    }

    private void delete() {
        FileUtils.deleteDirectoryQuietly(dir.toFile());
    }
}
