package dev.tokenwatch.sink.elasticsearch;

import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.DeadLetterFile;
import java.io.Serializable;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents Elasticsearch refused for what they are (mapping or parse errors): one JSON line each,
 * in the pipeline's dead-letter format, origin {@code elasticsearch:INDEX/ID}, with Elasticsearch's
 * reason, appended to a {@link DeadLetterFile}.
 */
public final class EsDeadLetters implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EsDeadLetters.class);

    /** Null: log them only. */
    private final DeadLetterFile file;

    public EsDeadLetters(Path file) {
        this.file = file == null ? null : new DeadLetterFile(file);
    }

    public static DeadLetter letter(BulkResult.Failure failure) {
        EsAction a = failure.action();
        return DeadLetter.of(RawRecord.of("elasticsearch:" + a.index + "/" + a.id, 0, a.document), "elasticsearch",
                "Elasticsearch refused the document (" + failure.status() + "): " + failure.reason());
    }

    public void write(BulkResult.Failure failure) {
        DeadLetter letter = letter(failure);
        LOG.warn("dead letter: {}: {}", letter.origin(), letter.reason());
        if (file != null) file.append(letter);
    }
}
