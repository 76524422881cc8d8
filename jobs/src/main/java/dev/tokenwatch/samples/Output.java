package dev.tokenwatch.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Where finished events go, one JSON line each, in the order the {@link Simulation} releases them:
 * a file per format for the samples, or all formats interleaved in one file that takes a fixed
 * number of lines for the mixed stream.
 */
final class Output implements Closeable {

    private final Map<Format, BufferedWriter> writers;
    private long remaining;
    /** Harbor numbers its audit entries in the order it stores them, which is the order they are written. */
    private long nextHarborId = 90_001;

    private Output(Map<Format, BufferedWriter> writers, long lines) {
        this.writers = writers;
        this.remaining = lines;
    }

    /** One file per format in {@code dir}, named {@link Format#fileName}; no line limit. */
    static Output filePerFormat(Path dir) throws IOException {
        Map<Format, BufferedWriter> writers = new EnumMap<>(Format.class);
        for (Format f : Format.values()) writers.put(f, open(dir.resolve(f.fileName)));
        return new Output(writers, Long.MAX_VALUE);
    }

    /** All formats into one file, which is full after {@code lines} lines. */
    static Output mixed(Path file, long lines) throws IOException {
        BufferedWriter writer = open(file);
        Map<Format, BufferedWriter> writers = new EnumMap<>(Format.class);
        for (Format f : Format.values()) writers.put(f, writer);
        return new Output(writers, lines);
    }

    private static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void write(Format format, ObjectNode event) {
        if (format == Format.HARBOR) event.put("id", nextHarborId++);
        try {
            BufferedWriter w = writers.get(format);
            w.write(Json.line(event));
            w.write('\n');
            remaining--;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isFull() {
        return remaining <= 0;
    }

    @Override
    public void close() throws IOException {
        for (BufferedWriter w : new LinkedHashSet<>(writers.values())) w.close();
    }
}
