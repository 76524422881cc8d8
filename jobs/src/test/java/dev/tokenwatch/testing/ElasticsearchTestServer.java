package dev.tokenwatch.testing;

import dev.tokenwatch.localstack.ElasticsearchNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Elasticsearch for the integration tests: the integ-test distributions the build unpacks
 * ({@code tokenwatch.es8.dist}, {@code tokenwatch.es9.dist}), started once per test JVM and major
 * version as an {@link ElasticsearchNode} attached to this JVM, with its state in a temporary
 * directory, on a free port. It is stopped when the JVM exits; {@link #stop()} and {@link #start()}
 * let a test simulate an outage on the same port and data.
 */
public final class ElasticsearchTestServer {
    private static final Map<Integer, ElasticsearchTestServer> INSTANCES = new HashMap<>();

    private final ElasticsearchNode node;
    private final ElasticsearchNode.Launch launch;

    private ElasticsearchTestServer(ElasticsearchNode node, ElasticsearchNode.Launch launch) {
        this.node = node;
        this.launch = launch;
    }

    /** The Elasticsearch 8.19 server (runs on the build's Java 17), started on first use. */
    public static ElasticsearchTestServer get() {
        return get(8);
    }

    /**
     * The shared server of a major version, started on first use. 9.x needs Java 21+: the JDK in
     * {@code TOKENWATCH_ES9_JAVA_HOME}, or the newest one found under /usr/lib/jvm.
     */
    public static synchronized ElasticsearchTestServer get(int major) {
        ElasticsearchTestServer server = INSTANCES.get(major);
        if (server != null) return server;
        String dist = System.getProperty("tokenwatch.es" + major + ".dist");
        if (dist == null || !Files.isDirectory(Path.of(dist))) {
            throw new IllegalStateException("no Elasticsearch " + major + " distribution at tokenwatch.es" + major + ".dist=" + dist
                    + " (run the integration tests through 'mvn verify', which unpacks it)");
        }
        Path java = major >= 9 ? java21().orElseThrow(() -> new IllegalStateException(
                "Elasticsearch " + major + " needs Java 21+: set TOKENWATCH_ES9_JAVA_HOME or install a JDK under /usr/lib/jvm"))
                : Path.of(System.getProperty("java.home"));
        try {
            Path work = Files.createTempDirectory("tokenwatch-es" + major + "-");
            ElasticsearchTestServer started = new ElasticsearchTestServer(new ElasticsearchNode(work, ElasticsearchNode.freePort()),
                    new ElasticsearchNode.Launch(Path.of(dist), java, "tokenwatch-it"));
            started.start();
            INSTANCES.put(major, started);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stop();
                deleteQuietly(work);
            }, "stop-elasticsearch-" + major));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    /** A JDK of version 21 or later, if this machine has one. */
    public static Optional<Path> java21() {
        String configured = System.getenv("TOKENWATCH_ES9_JAVA_HOME");
        if (configured != null) return Optional.of(Path.of(configured));
        if (Runtime.version().feature() >= 21) return Optional.of(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && javaVersion(d) >= 21)
                    .max(Comparator.comparingInt(ElasticsearchTestServer::javaVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int javaVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK we can read
        }
        return 0;
    }

    public String url() {
        return node.url();
    }

    public void start() {
        node.start(launch);
    }

    /** Stops the server and waits for it. */
    public void stop() {
        node.stop();
    }


    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
