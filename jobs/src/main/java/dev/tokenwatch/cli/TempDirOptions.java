package dev.tokenwatch.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --tmp-dir}: where the commands that run Flink locally make their per-run temporary directory. */
final class TempDirOptions {
    @Option(names = "--tmp-dir", paramLabel = "DIR",
            description = "Where the run's temporary directory is made, deleted again when the command ends (default: java.io.tmpdir).")
    Path root;

    RunTempDir open() throws IOException {
        return RunTempDir.under(root != null ? root : Path.of(System.getProperty("java.io.tmpdir")));
    }
}
