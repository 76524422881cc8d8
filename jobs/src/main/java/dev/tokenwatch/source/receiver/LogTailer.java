package dev.tokenwatch.source.receiver;

import dev.tokenwatch.event.Secrets;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.DeadLetterFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Follows a registry's own log file like {@code tail -F} and stores its lines in the spool as {@code .log} files, where
 * the job's parsers find failed logins (Distribution's logfmt) and Harbor's forwarded audit lines.
 *
 * <ul>
 *   <li>Complete lines only: a partial last line waits for its newline. Lines go to the spool in batches
 *   ({@link SpoolBatch}: 500 lines, or 1 s), each fsynced and renamed complete.</li>
 *   <li>The position ({@link TailPosition}: the file's key, the offset after the last stored line) is written only
 *   once the batch before it is durable. A crash between the two repeats at most that one batch; the events of a
 *   registry log line have ids derived from its content (the request id, else a hash of the line), so the job's order
 *   stage drops the repeats.</li>
 *   <li>First start (no position): at the end of the file, since a registry log can be large and years old; the
 *   caller may ask for the start instead. A file that is not there yet is read from its start when it appears.</li>
 *   <li>Rotation (the path names another file): the old file, still open, is read to its end (once a poll finds
 *   nothing new in it, its held partial line too), then the new one from its start. Truncation in place: from the
 *   start. Where the filesystem has no file keys, a rotation shows only as the path's file being shorter than what
 *   was read.</li>
 *   <li>A line over the limit is a dead letter with its size and offset; reading carries on after it.</li>
 *   <li>A batch the spool refuses is not a dead letter: the lines are still in the log, so they are read again from
 *   the last recorded position at the next poll.</li>
 * </ul>
 * Polled every 250 ms rather than watched: {@code WatchService} misses changes on network and overlay filesystems.
 */
final class LogTailer implements AutoCloseable {
    static final int BATCH_LINES = 500;
    static final long BATCH_WAIT_MILLIS = 1000;
    static final long POLL_MILLIS = 250;
    static final int MAX_LINE_BYTES = 64 * 1024;
    static final String DEAD_LETTER_FORMAT = "registry-log";

    private final Path path;
    private final Path positionFile;
    private final DeadLetterFile deadLetters;
    private final int maxLineBytes;
    private final boolean fromStart;
    private final SpoolBatch batch;
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong truncations = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Lines lines = new Lines();
    private Optional<TailPosition> resume;
    private TailedFile current;
    private TailPosition recorded;
    private IOException refusal;
    private String lastProblem;
    private String started;
    private Thread thread;

    /**
     * Reads the recorded position and opens the file where reading resumes (recording that position at once, so a
     * first start that ends before any line still resumes from the end it began at).
     *
     * @param fromStart on a first start, read the lines already in the file instead of starting at its end
     */
    LogTailer(Path path, Path positionFile, AcceptedLines spool, DeadLetterFile deadLetters, boolean fromStart,
              int maxLineBytes, int batchLines, long batchWaitMillis) throws IOException {
        this.path = path.toAbsolutePath().normalize();
        this.positionFile = positionFile;
        this.deadLetters = deadLetters;
        this.maxLineBytes = maxLineBytes;
        this.fromStart = fromStart;
        this.batch = new SpoolBatch(spool, "tail-" + sanitize(this.path.getFileName().toString()), batchLines, batchWaitMillis,
                (refused, e) -> refusal = e);
        this.resume = TailPosition.read(positionFile);
        open(true);
        if (current == null) {
            started = resume.isPresent() ? "not there now: resumes from its position when it appears"
                    : "not there yet: read from its start when it appears";
        }
    }

    /** {@code DATA/tail/NAME.position} for {@code file}: named after its whole path, so two registries' {@code registry.log} do not share one. */
    static Path positionFile(Path positions, Path file) {
        String name = sanitize(file.toAbsolutePath().normalize().toString().replaceFirst("^/+", ""));
        if (name.length() > 120) name = name.substring(name.length() - 100) + "-" + Secrets.sha256Hex(name).substring(0, 12);
        return positions.resolve(name + ".position");
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    Path path() {
        return path;
    }

    /** Where reading began, for the start-up message. */
    String started() {
        return started;
    }

    long linesStored() {
        return batch.stored();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    long rotations() {
        return rotations.get();
    }

    long truncations() {
        return truncations.get();
    }

    /** Polls from a daemon thread until {@link #close}. */
    LogTailer start() {
        thread = new Thread(this::follow, "tokenwatch-tail-" + path.getFileName());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void follow() {
        try {
            while (!stop.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) pollReporting();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishStopping();
    }

    private void pollReporting() {
        try {
            if (poll()) lastProblem = null;
        } catch (IOException | RuntimeException e) {
            // A thread that dies on one bad poll would stop following the log for good: report, and poll again.
            report("tailing " + path + ": " + e);
            // Back to the last durable position: the lines after it may be stored twice (harmless, see above), never skipped.
            if (current != null) current.seek(lastDurable());
        }
    }

    /** Once per distinct problem, not every 250 ms while it lasts. */
    private void report(String problem) {
        if (!problem.equals(lastProblem)) System.err.println("tokenwatch receiver: " + problem);
        lastProblem = problem;
    }

    /**
     * One look at the file: new lines, truncation, rotation, a batch that is due, the position.
     *
     * @return false when the spool refused a batch (reading went back to the recorded position)
     */
    boolean poll() throws IOException {
        if (current == null) {
            open(false);
            if (current == null) return true;
        }
        if (current.truncated()) {
            if (!flushed()) return false;
            current.seek(0);
            truncations.incrementAndGet();
        }
        long read = current.read(lines);
        if (rewoundAfterRefusal()) return false;
        if (read == 0 && rotated()) {
            current.finish(lines);
            if (rewoundAfterRefusal() || !flushed()) return false;
            record();
            current.close();
            current = null;
            rotations.incrementAndGet();
            open(false);
            if (current == null) return true;
        }
        batch.flushIfDue();
        if (rewoundAfterRefusal()) return false;
        if (batch.empty()) record();
        return true;
    }

    /** Whether the path now names another file than the one being read (and it has been read to its end). */
    private boolean rotated() throws IOException {
        BasicFileAttributes now = attributes(path);
        if (now == null) return false; // moved away and not yet replaced: keep reading the old one
        String key = TailedFile.keyOf(now);
        return "null".equals(key) ? now.size() < current.readTo() : !key.equals(current.key());
    }

    /**
     * Opens the file where reading resumes: at the recorded position when it is the same file and long enough; in
     * the rotated file found beside it when it was rotated while stopped; else at the end on a first start, or at the
     * start.
     */
    private void open(boolean atFirstStart) throws IOException {
        BasicFileAttributes attributes = attributes(path);
        if (attributes == null) return;
        String key = TailedFile.keyOf(attributes);
        if (resume.isPresent()) {
            TailPosition saved = resume.get();
            Path rotatedAway = saved.fileKey().equals(key) ? null : findByKey(saved);
            if (saved.fileKey().equals(key) && attributes.size() >= saved.offset()) {
                current = TailedFile.open(path, maxLineBytes, saved.offset());
                started = "resuming at byte " + saved.offset();
            } else if (saved.fileKey().equals(key)) {
                current = TailedFile.open(path, maxLineBytes, 0);
                started = "from its start: it was truncated while stopped (" + attributes.size() + " bytes, position " + saved.offset() + ")";
            } else if (rotatedAway != null) {
                current = TailedFile.open(rotatedAway, maxLineBytes, saved.offset());
                started = "rotated while stopped: the rest of " + rotatedAway + " from byte " + saved.offset() + ", then this file from its start";
            } else {
                current = TailedFile.open(path, maxLineBytes, 0);
                started = "from its start: it was rotated while stopped (the file read before is not beside it)";
            }
        } else if (atFirstStart && !fromStart) {
            current = TailedFile.open(path, maxLineBytes, attributes.size());
            started = "from its end (byte " + attributes.size() + "): lines already in it are not read (--tail-from-start reads them)";
        } else {
            current = TailedFile.open(path, maxLineBytes, 0);
            started = "from its start";
        }
        resume = Optional.empty();
        record();
    }

    /** The rotated-away file a position names, among the files beside the log whose name starts with its name ({@code registry.log.1}). */
    private Path findByKey(TailPosition saved) throws IOException {
        if ("null".equals(saved.fileKey()) || path.getParent() == null) return null;
        String name = path.getFileName().toString();
        try (Stream<Path> siblings = Files.list(path.getParent())) {
            for (Path sibling : siblings.filter(p -> p.getFileName().toString().startsWith(name) && !p.equals(path)).toList()) {
                BasicFileAttributes attributes = attributes(sibling);
                if (attributes != null && attributes.isRegularFile() && saved.fileKey().equals(TailedFile.keyOf(attributes))
                        && attributes.size() >= saved.offset()) {
                    return sibling;
                }
            }
        }
        return null;
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** Stores what is pending; false when the spool refused it (and reading went back to the recorded position). */
    private boolean flushed() {
        batch.flush();
        return !rewoundAfterRefusal();
    }

    /**
     * After the spool refused a batch: back to the recorded position, so the refused lines are read again at the next
     * poll. They are in the log still; a dead letter would only lose their order.
     */
    private boolean rewoundAfterRefusal() {
        if (refusal == null) return false;
        long back = lastDurable();
        report("the spool refused lines of " + path + " (" + refusal.getClass().getSimpleName() + ": " + refusal.getMessage()
                + "); reading them again from byte " + back);
        refusal = null;
        current.seek(back);
        return true;
    }

    /** Where the file being read was last recorded; where it was opened if its position could not be recorded yet. */
    private long lastDurable() {
        boolean same = recorded != null && recorded.fileKey().equals(current.key()) && recorded.file().equals(current.path().toString());
        return same ? recorded.offset() : current.openedAt();
    }

    /** Records where reading resumes: called only when every line before that offset is stored. */
    private void record() throws IOException {
        TailPosition now = new TailPosition(current.path().toString(), current.key(), current.consumed());
        if (now.equals(recorded)) return;
        now.write(positionFile);
        recorded = now;
    }

    /** What the file hands over: lines into the batch, the position recorded after each stored batch. */
    private final class Lines implements TailedFile.Lines {
        @Override
        public boolean line(String text, long start, long end) {
            if (text.isBlank()) return true;
            long before = batch.stored();
            batch.add(text);
            if (refusal != null) return false;
            if (batch.stored() != before) recordUnchecked();
            return true;
        }

        @Override
        public void oversized(String head, long bytes, long start, long end) {
            deadLettered.incrementAndGet();
            String reason = "line of " + bytes + " bytes at byte " + start + " of " + path + ", more than the limit of " + maxLineBytes
                    + "; its first " + Math.min(bytes, TailedFile.KEPT_OF_OVERSIZED) + " bytes are kept";
            try {
                deadLetters.append(DeadLetter.of(RawRecord.of("receiver:tail " + current.path(), 0, head), DEAD_LETTER_FORMAT, reason));
            } catch (RuntimeException e) {
                report(reason + "; and the dead letter cannot be written: " + e.getMessage());
            }
        }

        private void recordUnchecked() {
            try {
                record();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the position in " + positionFile + ": " + e.getMessage(), e);
            }
        }
    }

    private void finishStopping() {
        try {
            if (current != null && flushed()) record();
        } catch (IOException | RuntimeException e) {
            report("stopping the tail of " + path + ": " + e.getMessage());
        }
        try {
            if (current != null) current.close();
        } catch (IOException ignored) {
            // Read-only: nothing is lost by a failed close.
        }
    }

    /** Stores the pending lines, records the position and closes the file. */
    @Override
    public void close() {
        stop.countDown();
        if (thread == null) {
            finishStopping();
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return path + " (" + Objects.requireNonNullElse(started, "not started") + ")";
    }
}
