package dev.tokenwatch.source.receiver;

import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.DeadLetterFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP syslog endpoint for Harbor's audit forwarding ({@code audit_log_forward_endpoint}), which cannot send an
 * {@code Authorization} header: each message is stored as a line in the spool ({@code received-harbor-syslog-*.log}),
 * where the job's parser reads the audit entries. Syslog over TCP carries no authentication, so this binds only the
 * address it is given: loopback, or a network only the registry reaches.
 *
 * <p>Lines are stored in batches ({@link SpoolBatch}): a connection is read without waiting for the disk except when a
 * batch fills. A message over the size limit, and a batch the spool refuses, become dead letters with the reason.
 */
final class SyslogListener implements AutoCloseable {
    static final String SOURCE = "harbor-syslog";
    static final int BATCH_LINES = 500;
    static final long BATCH_WAIT_MILLIS = 1000;
    /** Connections beyond this are closed at once: a registry needs one or two, a flood must not take every thread. */
    static final int MAX_CONNECTIONS = 64;

    private final ServerSocket server;
    private final int maxMessageBytes;
    private final DeadLetterFile deadLetters;
    private final SpoolBatch batch;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Thread acceptor;

    SyslogListener(InetSocketAddress address, AcceptedLines spool, DeadLetterFile deadLetters, int maxMessageBytes,
                   int batchLines, long batchWaitMillis) throws IOException {
        this.maxMessageBytes = maxMessageBytes;
        this.deadLetters = deadLetters;
        this.batch = new SpoolBatch(spool, SOURCE, batchLines, batchWaitMillis, this::unstored).flushedEvery("tokenwatch-syslog-flush");
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 50);
        this.acceptor = daemon(this::accept, "tokenwatch-syslog-accept");
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    long linesStored() {
        return batch.stored();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    long connections() {
        return connections.get();
    }

    long connectionsOpen() {
        return open.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            connections.incrementAndGet();
            if (open.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            daemon(() -> read(socket), "tokenwatch-syslog-" + socket.getRemoteSocketAddress()).start();
        }
    }

    private void read(Socket socket) {
        String origin = "receiver:syslog " + socket.getRemoteSocketAddress();
        long message = 0;
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024)) {
            SyslogFrames frames = new SyslogFrames(in, maxMessageBytes);
            SyslogFrames.Frame frame;
            while ((frame = frames.next()) != null) {
                message++;
                if (frame.oversized()) {
                    deadLetter(RawRecord.of(origin, message, frame.text()), "syslog message of " + frame.bytes()
                            + " bytes, more than the limit of " + maxMessageBytes + " (--syslog-max-message-bytes); its first "
                            + SyslogFrames.KEPT_OF_OVERSIZED + " bytes are kept");
                } else if (!frame.text().isBlank()) {
                    batch.add(frame.text());
                }
            }
        } catch (IOException e) {
            // A reset or a read after close: the lines read so far are stored below all the same.
        } finally {
            open.remove(socket);
            batch.flush();
        }
    }

    private void unstored(List<String> lines, IOException e) {
        for (String line : lines) {
            deadLetter(RawRecord.of("receiver:syslog", 0, line), "cannot store in the spool ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the sender does not retry over syslog");
        }
    }

    private void deadLetter(RawRecord record, String reason) {
        deadLettered.incrementAndGet();
        try {
            deadLetters.append(DeadLetter.of(record, SOURCE, reason));
        } catch (RuntimeException e) {
            System.err.println("tokenwatch receiver: " + reason + "; and the dead letter cannot be written: " + e.getMessage());
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a connection we refuse: nothing to do if it is already gone.
        }
    }

    /** Stops accepting, closes the connections (their lines are flushed as they end) and stores what is pending. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        for (Socket socket : open) closeQuietly(socket);
        batch.close();
    }
}
