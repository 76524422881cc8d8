package dev.tokenwatch.sink.chat;

import dev.tokenwatch.sink.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ids one destination has acknowledged, kept on disk outside the checkpoint. A restart rolls the job back to its
 * last checkpoint and the alerts made since are made again; those the destination already has are found here and not
 * sent twice. Each id is fsynced before the delivery counts as done, so only a crash between the destination's answer
 * and that fsync can repeat a message (the receiver can still drop it by its {@code X-Tokenwatch-Delivery} id).
 * Only the newest {@link #KEEP} ids are kept: a restart goes back one checkpoint, not days.
 */
public final class DeliveryLedger implements AutoCloseable {
    static final int KEEP = 100_000;

    private final Path file;
    private final Set<String> ids = new LinkedHashSet<>();
    private FileChannel channel;

    private DeliveryLedger(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) ids.add(line.strip());
            }
        }
        if (ids.size() > KEEP) compact();
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The ledger of destination {@code name} in {@code dir}. */
    public static DeliveryLedger open(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            return new DeliveryLedger(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".delivered"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the chat delivery ledger in " + dir + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean contains(String id) {
        return ids.contains(id);
    }

    /** Records a delivered message's id and the alerts it told of; it outlives the process once this returns. */
    public synchronized void record(ChatMessage message) {
        List<String> added = new ArrayList<>();
        if (ids.add(message.id())) added.add(message.id());
        for (String alertId : message.alertIds()) if (ids.add(alertId)) added.add(alertId);
        if (added.isEmpty()) return;
        try {
            channel.write(ByteBuffer.wrap((String.join("\n", added) + "\n").getBytes(StandardCharsets.UTF_8)));
            if (ids.size() > 2 * KEEP) {
                channel.close();
                compact();
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chat delivery ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private void compact() throws IOException {
        List<String> newest = new ArrayList<>(ids).subList(Math.max(0, ids.size() - KEEP), ids.size());
        ids.retainAll(Set.copyOf(newest));
        DurableFiles.writeAtomically(file, file.resolveSibling(file.getFileName() + ".tmp"),
                (String.join("\n", newest) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Makes every id recorded so far survive a machine crash too. */
    public synchronized void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the chat delivery ledger " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
