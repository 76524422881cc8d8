package dev.tokenwatch.sink;

import dev.tokenwatch.parse.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Dead letters appended by a part that is not a Flink sink (the Elasticsearch sink's refusals, the receiver's
 * unusable bodies), each to a file of its own beside the job's: whole lines under one lock per process, so writers
 * never interleave.
 */
public final class DeadLetterFile implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Object LOCK = new Object();

    private final String file;

    public DeadLetterFile(Path file) {
        this.file = file.toAbsolutePath().toString();
    }

    public Path path() {
        return Path.of(file);
    }

    public void append(DeadLetter letter) {
        synchronized (LOCK) {
            try {
                Path path = Path.of(file);
                if (path.getParent() != null) Files.createDirectories(path.getParent());
                Files.writeString(path, letter.toJson() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write dead letter to " + file, e);
            }
        }
    }
}
