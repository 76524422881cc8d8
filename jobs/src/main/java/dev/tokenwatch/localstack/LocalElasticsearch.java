package dev.tokenwatch.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local stack: one Elasticsearch daemon whose state lives in one directory (by default
 * {@code data/elasticsearch}), started on demand and left running between commands so alerts can be
 * looked at after a replay; {@link #stop()} ends it. The port it was started on is kept beside its
 * pid file, so later commands find it whatever port they were given.
 */
public final class LocalElasticsearch {
    public static final int DEFAULT_PORT = 9200;
    static final String CLUSTER_NAME = "tokenwatch-local";

    private final Path dir;
    private final int port;

    public LocalElasticsearch(Path dir, int port) {
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port;
    }

    public Path dir() {
        return dir;
    }

    /** The URL of the node running from this directory, if one is up and healthy. */
    public Optional<String> running() {
        ElasticsearchNode node = recorded();
        return node.daemon().isPresent() && node.healthy() ? Optional.of(node.url()) : Optional.empty();
    }

    /**
     * Starts the node unless it already runs, and returns its URL.
     *
     * @param home the checkout the distribution is fetched into (see {@link ElasticsearchDistribution})
     * @param configuredDistribution {@code $TOKENWATCH_ES_DIST}, or null
     */
    public String start(Path home, String configuredDistribution, PrintStream log) {
        ElasticsearchNode recorded = recorded();
        Optional<ProcessHandle> daemon = recorded.daemon();
        if (daemon.isPresent() && recorded.healthy()) {
            log.println("Elasticsearch: the local node at " + recorded.url() + " is already running (" + dir + ")");
            return recorded.url();
        }
        if (daemon.isPresent()) {
            throw new IllegalStateException("the local Elasticsearch in " + dir + " runs (pid " + daemon.get().pid()
                    + ") but is not healthy: see " + dir.resolve("logs") + ", or stop it with './tokenwatch es stop'");
        }
        if (portTaken(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken by another program (another Elasticsearch?):"
                    + " choose another with --local-es-port, or index into that one with --es-url http://127.0.0.1:" + port);
        }
        Path distribution = ElasticsearchDistribution.locate(home, configuredDistribution, log);
        log.println("Elasticsearch: starting a local node on port " + port + " (data in " + dir + ", about 10 s)...");
        ElasticsearchNode node = new ElasticsearchNode(dir, port);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("http.port"), Integer.toString(port), StandardCharsets.US_ASCII);
            node.startDaemon(new ElasticsearchNode.Launch(distribution, Path.of(System.getProperty("java.home")), CLUSTER_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        log.println("Elasticsearch: local node up at " + node.url() + "; stop it with './tokenwatch es stop'");
        return node.url();
    }

    /** Stops the node running from this directory; false when none was running. */
    public boolean stop() {
        ElasticsearchNode node = recorded();
        if (node.daemon().isEmpty()) return false;
        node.stop();
        return true;
    }

    /** The node as last started from this directory (on the port it was started on). */
    private ElasticsearchNode recorded() {
        return new ElasticsearchNode(dir, recordedPort().orElse(port));
    }

    private Optional<Integer> recordedPort() {
        try {
            return Optional.of(Integer.parseInt(Files.readString(dir.resolve("http.port"), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean portTaken(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
