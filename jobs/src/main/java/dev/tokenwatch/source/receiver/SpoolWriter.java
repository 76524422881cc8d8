package dev.tokenwatch.source.receiver;

import dev.tokenwatch.sink.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores accepted lines durably in the spool the job watches: written under a hidden name, fsynced, renamed complete,
 * the directory fsynced. Once {@link #store} returns, a crash of this process or of the machine keeps the lines,
 * and the job never reads a half-written file.
 */
public final class SpoolWriter implements AcceptedLines {
    private final Path spool;
    private final AtomicLong sequence = new AtomicLong();

    public SpoolWriter(Path spool) {
        this.spool = spool;
    }

    /** The source (the endpoint) is part of the file name, so an operator sees where a file came from. */
    @Override
    public void store(String source, String extension, List<String> lines) throws IOException {
        Files.createDirectories(spool);
        String name = "received-" + source + "-" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid()
                + "-" + sequence.incrementAndGet() + extension;
        DurableFiles.writeAtomically(spool.resolve(name), spool.resolve("." + name),
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a file could be stored now: for the health check. */
    @Override
    public boolean writable() {
        return Files.isDirectory(spool) && Files.isWritable(spool);
    }

    @Override
    public String describe() {
        return spool.toString();
    }
}
