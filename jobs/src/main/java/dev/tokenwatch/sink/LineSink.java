package dev.tokenwatch.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends lines to a local file (JSON Lines) or to standard output, flushing each line. Run it at parallelism 1: it is
 * for the embedded default and replays; clusters use the Elasticsearch and Kafka sinks.
 */
public final class LineSink implements Sink<String> {
    private final String file;

    private LineSink(String file) {
        this.file = file;
    }

    public static LineSink toFile(Path file) {
        return new LineSink(file.toAbsolutePath().toString());
    }

    public static LineSink toStdout() {
        return new LineSink(null);
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        Writer writer;
        if (file == null) {
            writer = new OutputStreamWriter(new PrintStream(System.out, false, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } else {
            Path path = Path.of(file);
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return new LineWriter(new BufferedWriter(writer), file == null);
    }

    private static final class LineWriter implements SinkWriter<String> {
        private final Writer out;
        private final boolean stdout;

        LineWriter(Writer out, boolean stdout) {
            this.out = out;
            this.stdout = stdout;
        }

        /** Flushed per line: an alert must be visible within a second, not at the next checkpoint. */
        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.write('\n');
            out.flush();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (stdout) out.flush();
            else out.close();
        }
    }
}
