package dev.tokenwatch.sink.elasticsearch;

import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents Elasticsearch refused for what they are (mapping or parse errors): one JSON line each,
 * in the pipeline's dead-letter format, origin {@code elasticsearch:INDEX/ID}, with Elasticsearch's
 * reason. Whole lines are appended under a lock, so the writers of one process never interleave.
 */
public final class EsDeadLetters implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EsDeadLetters.class);
    private static final Object LOCK = new Object();

    /** Null: log them only. */
    private final String file;

    public EsDeadLetters(Path file) {
        this.file = file == null ? null : file.toAbsolutePath().toString();
    }

    public static DeadLetter letter(BulkResult.Failure failure) {
        EsAction a = failure.action();
        return DeadLetter.of(RawRecord.of("elasticsearch:" + a.index + "/" + a.id, 0, a.document), "elasticsearch",
                "Elasticsearch refused the document (" + failure.status() + "): " + failure.reason());
    }

    public void write(BulkResult.Failure failure) {
        DeadLetter letter = letter(failure);
        LOG.warn("dead letter: {}: {}", letter.origin(), letter.reason());
        if (file == null) return;
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
