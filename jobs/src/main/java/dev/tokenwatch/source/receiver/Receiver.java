package dev.tokenwatch.source.receiver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.parse.DeadLetter;
import dev.tokenwatch.parse.RawRecord;
import dev.tokenwatch.sink.DeadLetterFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Registries push here: an HTTP receiver that stores what senders post into the spool the job reads, and never makes
 * a registry wait on the job.
 * <ul>
 *   <li>{@code POST /v1/distribution}: CNCF Distribution notification envelopes (v1 and v2 media types, same JSON);
 *   {@code POST /v1/events}: native events as JSON Lines; {@code POST /v1/grants}: token-server grants as JSON Lines
 *   (docs/grants.md); {@code POST /v1/registry-log}: lines of the registry's own
 *   log, where failed logins show; {@code POST /v1/harbor-syslog}: Harbor's audit lines as it forwards them to syslog;
 *   {@code GET /healthz}, {@code GET /metrics} (Prometheus).</li>
 *   <li>Optionally a TCP syslog listener ({@link SyslogListener}) for Harbor itself, which cannot authenticate: bound
 *   to the address given only.</li>
 *   <li>Optionally registry log files followed like {@code tail -F} ({@link LogTailer}), for the failed logins only the
 *   registry's own log shows.</li>
 *   <li>{@code Authorization: Bearer SECRET} on every POST ({@link SenderTokens}): 401 without it, with a reason.</li>
 *   <li>413 above the size limit, with the limit in the reason.</li>
 *   <li>2xx only once the lines are fsynced in the spool; 503 when they cannot be stored, so the sender retries.</li>
 *   <li>A body the sender authenticated but that is not usable is a dead letter with its reason, and answered 2xx:
 *   Distribution retries every other answer forever and holds its queue meanwhile.</li>
 * </ul>
 * A retried notification comes again with the same event id; the job drops the repeat (its order stage).
 */
public final class Receiver implements AutoCloseable {
    /**
     * @param maxBodyBytes          requests above this many bytes get 413
     * @param syslogListen          where to take Harbor's audit forwarding over TCP syslog, or null for nowhere
     * @param maxSyslogMessageBytes syslog messages above this many bytes are dead letters
     * @param tailing               registry log files to follow, or {@link Tailing#NONE}
     */
    public record Settings(InetSocketAddress listen, SenderTokens tokens, Path spool, Path deadLetters, long maxBodyBytes,
                           InetSocketAddress syslogListen, int maxSyslogMessageBytes, Tailing tailing) {
        public static final int DEFAULT_MAX_SYSLOG_MESSAGE_BYTES = 64 * 1024;

        /** HTTP only, no syslog listener, no tailed file. */
        public Settings(InetSocketAddress listen, SenderTokens tokens, Path spool, Path deadLetters, long maxBodyBytes) {
            this(listen, tokens, spool, deadLetters, maxBodyBytes, null, DEFAULT_MAX_SYSLOG_MESSAGE_BYTES, Tailing.NONE);
        }
    }

    /**
     * Registry log files followed like {@code tail -F} ({@link LogTailer}).
     *
     * @param positions where each file's position is kept ({@code DATA/tail})
     * @param fromStart on a first start, read what the files already hold instead of starting at their end
     */
    public record Tailing(List<Path> files, Path positions, boolean fromStart) {
        public static final Tailing NONE = new Tailing(List.of(), null, false);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final SenderTokens tokens;
    private final AcceptedLines spool;
    private final DeadLetterFile deadLetters;
    private final long maxBodyBytes;
    private final AtomicLong linesStored = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final ReceiverMetrics metrics = new ReceiverMetrics();
    private final SyslogListener syslog;
    private final List<LogTailer> tailers = new ArrayList<>();

    private Receiver(Settings settings, AcceptedLines accepted) throws IOException {
        this.tokens = settings.tokens();
        this.spool = accepted;
        this.deadLetters = new DeadLetterFile(settings.deadLetters());
        this.maxBodyBytes = settings.maxBodyBytes();
        this.server = HttpServer.create(settings.listen(), 128);
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "tokenwatch-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", this::health);
        server.createContext("/metrics", this::metrics);
        server.createContext("/v1/distribution", exchange -> post(exchange, "distribution", ReceivedBody::envelope));
        server.createContext("/v1/events", exchange -> post(exchange, "events", ReceivedBody::jsonLines));
        server.createContext("/v1/grants", exchange -> post(exchange, "grants", ReceivedBody::jsonLines));
        server.createContext("/v1/registry-log", exchange -> post(exchange, "registry-log", ReceivedBody::logLines));
        server.createContext("/v1/harbor-syslog", exchange -> post(exchange, "harbor-syslog", ReceivedBody::logLines));
        server.createContext("/", exchange -> answer(exchange, 404, "no such endpoint: " + exchange.getRequestURI().getPath()
                + " (POST /v1/distribution, POST /v1/events, POST /v1/grants, POST /v1/registry-log, POST /v1/harbor-syslog,"
                + " GET /healthz, GET /metrics)"));
        try {
            this.syslog = settings.syslogListen() == null ? null : new SyslogListener(settings.syslogListen(), spool, deadLetters,
                    settings.maxSyslogMessageBytes(), SyslogListener.BATCH_LINES, SyslogListener.BATCH_WAIT_MILLIS);
        } catch (IOException e) {
            server.stop(0); // bound already: release the HTTP port too
            executor.shutdownNow();
            throw new IOException("syslog listener on " + settings.syslogListen() + ": " + e.getMessage(), e);
        }
        for (Path file : settings.tailing().files()) {
            try {
                tailers.add(new LogTailer(file, LogTailer.positionFile(settings.tailing().positions(), file), spool, deadLetters,
                        settings.tailing().fromStart(), LogTailer.MAX_LINE_BYTES, LogTailer.BATCH_LINES, LogTailer.BATCH_WAIT_MILLIS));
            } catch (IOException e) {
                // Release what is open already: the ports, the tailers before this one.
                for (LogTailer opened : tailers) opened.close();
                if (syslog != null) syslog.close();
                server.stop(0);
                executor.shutdownNow();
                throw new IOException("tailing " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public static Receiver start(Settings settings) throws IOException {
        return start(settings, new SpoolWriter(settings.spool()));
    }

    /** Storing what it accepts in {@code accepted} (a Kafka topic, say) instead of the spool; closes it when closed. */
    public static Receiver start(Settings settings, AcceptedLines accepted) throws IOException {
        Receiver receiver;
        try {
            receiver = new Receiver(settings, accepted);
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
        receiver.server.start();
        for (LogTailer tailer : receiver.tailers) tailer.start();
        return receiver;
    }

    /** Each tailed file with where its reading began, for the start-up message. */
    public List<String> tailing() {
        return tailers.stream().map(LogTailer::toString).toList();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Where the TCP syslog listener is bound, or null without one. */
    public InetSocketAddress syslogAddress() {
        return syslog == null ? null : syslog.address();
    }

    private void post(HttpExchange exchange, String source, Function<String, ReceivedBody> reader) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "use POST");
                return;
            }
            ReceiverMetrics.Counts counts = metrics.endpoint(source);
            if (!tokens.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                counts.refused.incrementAndGet();
                answer(exchange, 401, "missing or wrong 'Authorization: Bearer' token");
                return;
            }
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                if (declared != null && parseLength(declared) > maxBodyBytes) {
                    bytes = null;
                } else {
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
                }
            }
            if (bytes == null || bytes.length > maxBodyBytes) {
                refused.incrementAndGet();
                counts.refused.incrementAndGet();
                answer(exchange, 413, "body larger than " + maxBodyBytes + " bytes; send fewer events per request");
                return;
            }
            ReceivedBody body = reader.apply(new String(bytes, StandardCharsets.UTF_8));
            if (!body.lines().isEmpty()) {
                try {
                    spool.store(source, body.extension(), body.lines());
                } catch (IOException e) {
                    unavailable.incrementAndGet();
                    counts.unavailable.incrementAndGet();
                    answer(exchange, 503, "cannot store the events (" + e.getClass().getSimpleName() + "); retry later");
                    return;
                }
            }
            for (ReceivedBody.Problem p : body.problems()) {
                deadLetters.append(DeadLetter.of(RawRecord.of("receiver:/v1/" + source, p.line(), p.text()), source, p.reason()));
            }
            linesStored.addAndGet(body.lines().size());
            deadLettered.addAndGet(body.problems().size());
            counts.stored.addAndGet(body.lines().size());
            counts.deadLettered.addAndGet(body.problems().size());
            ObjectNode reply = Json.MAPPER.createObjectNode().put("stored", body.lines().size())
                    .put("dead_lettered", body.problems().size());
            if (!body.problems().isEmpty()) reply.put("first_problem", body.problems().get(0).reason());
            answer(exchange, body.lines().isEmpty() ? 202 : 200, reply.toString());
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode reply = Json.MAPPER.createObjectNode().put("status", spool.writable() ? "ok" : "spool not writable")
                    .put("lines_stored", linesStored.get()).put("dead_lettered", deadLettered.get())
                    .put("refused", refused.get()).put("unavailable", unavailable.get());
            if (syslog != null) {
                reply.put("syslog_lines_stored", syslog.linesStored()).put("syslog_dead_lettered", syslog.deadLettered())
                        .put("syslog_connections", syslog.connections()).put("syslog_connections_open", syslog.connectionsOpen());
            }
            if (!tailers.isEmpty()) {
                reply.put("tail_files", tailers.size())
                        .put("tail_lines_stored", tailers.stream().mapToLong(LogTailer::linesStored).sum())
                        .put("tail_dead_lettered", tailers.stream().mapToLong(LogTailer::deadLettered).sum())
                        .put("tail_rotations", tailers.stream().mapToLong(LogTailer::rotations).sum())
                        .put("tail_truncations", tailers.stream().mapToLong(LogTailer::truncations).sum());
            }
            answer(exchange, spool.writable() ? 200 : 503, reply.toString());
        }
    }

    /** {@code GET /metrics}: the counters of {@link #health} by endpoint, for Prometheus ({@link ReceiverMetrics}). */
    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = metrics.scrape(spool.writable(), syslog, tailers).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", io.prometheus.client.exporter.common.TextFormat.CONTENT_TYPE_004);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", text.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Lines stored so far, for the status line and tests. */
    public long linesStored() {
        return linesStored.get();
    }

    @Override
    public void close() {
        // The tailers first: they store their last lines and record how far they got.
        for (LogTailer tailer : tailers) tailer.close();
        if (syslog != null) syslog.close();
        server.stop(1);
        executor.shutdownNow();
        spool.close();
    }
}
