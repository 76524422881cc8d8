package dev.tokenwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Elasticsearch for the integration tests: the integ-test distributions the build unpacks
 * ({@code tokenwatch.es8.dist}, {@code tokenwatch.es9.dist}), copied to a temporary directory and
 * started once per test JVM and major version, as
 * {@code nobody} when the tests run as root (Elasticsearch refuses root). Single node, security off,
 * free ports. It is stopped when the JVM exits; {@link #stop()} and {@link #start()} let a test
 * simulate an outage on the same port and data.
 */
public final class ElasticsearchTestServer {
    private static final Map<Integer, ElasticsearchTestServer> INSTANCES = new HashMap<>();

    private final Path home;
    private final Path javaHome;
    private final int httpPort;
    private final int transportPort;
    private Process process;

    private ElasticsearchTestServer(Path home, Path javaHome, int httpPort, int transportPort) {
        this.home = home;
        this.javaHome = javaHome;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
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
            Path home = Files.createTempDirectory("tokenwatch-es" + major + "-");
            copy(Path.of(dist), home);
            if (isRoot()) run("chown", "-R", "nobody:nogroup", home.toString());
            if (isRoot()) run("chmod", "755", home.toString());
            ElasticsearchTestServer started = new ElasticsearchTestServer(home, java, freePort(), freePort());
            started.start();
            INSTANCES.put(major, started);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stop();
                deleteQuietly(home);
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
        return "http://127.0.0.1:" + httpPort;
    }

    public synchronized void start() {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        cmd.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node", "-E", "xpack.security.enabled=false",
                "-E", "http.host=127.0.0.1", "-E", "transport.host=127.0.0.1",
                "-E", "http.port=" + httpPort, "-E", "transport.port=" + transportPort,
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E", "cluster.name=tokenwatch-it"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("logs").resolve("console.log").toFile());
        pb.environment().put("ES_JAVA_HOME", javaHome.toString());
        pb.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        try {
            Files.createDirectories(home.resolve("logs"));
            if (isRoot()) run("chown", "nobody:nogroup", home.resolve("logs").toString());
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Elasticsearch exited at start-up: " + tail());
            if (healthy()) return;
            sleep(250);
        }
        stop();
        throw new IllegalStateException("Elasticsearch did not become healthy in 120 s: " + tail());
    }

    /** Stops the server (and the JVM its launcher started) and waits for it. */
    public synchronized void stop() {
        if (process == null) return;
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        process = null;
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(3000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("logs").resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) throw new IOException("failed: " + String.join(" ", cmd));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
