package dev.tokenwatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A single-node Elasticsearch started from an unpacked distribution, with its config, data and logs
 * in a work directory of its own: the distribution is only read, so one unpacked copy serves every
 * node. Security off, bound to 127.0.0.1. Elasticsearch refuses to run as root, so a root user's
 * node runs as {@code nobody}, which then owns the work directory.
 *
 * <p>A node runs either attached to this JVM ({@link #start()}, for tests: it goes when the JVM
 * does) or as a daemon that outlives it ({@link #startDaemon()}, for the local stack), found again
 * through its pid file.
 */
public final class ElasticsearchNode {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path workDir;
    private final int httpPort;
    private final BooleanSupplier ready;
    private Process attached;

    /** The node whose state lives in {@code workDir} and that answers plain HTTP on {@code httpPort}. */
    public ElasticsearchNode(Path workDir, int httpPort) {
        this.workDir = workDir.toAbsolutePath();
        this.httpPort = httpPort;
        this.ready = this::healthy;
    }

    /**
     * A node whose readiness is judged by {@code ready}: for one with security on, whose health only
     * answers over TLS and to a known user.
     */
    public ElasticsearchNode(Path workDir, int httpPort, BooleanSupplier ready) {
        this.workDir = workDir.toAbsolutePath();
        this.httpPort = httpPort;
        this.ready = ready;
    }

    /**
     * How to start a node: the unpacked distribution, the JDK it runs on (9.x needs 21+), its cluster
     * name and settings that replace or add to the defaults (e.g. {@code xpack.security.enabled=true}).
     */
    public record Launch(Path distribution, Path javaHome, String clusterName, Map<String, String> settings) {
        public Launch(Path distribution, Path javaHome, String clusterName) {
            this(distribution, javaHome, clusterName, Map.of());
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** Starts the node as a child of this JVM and waits until the cluster is at least yellow. */
    public synchronized void start(Launch how) {
        Process p = launch(how, false);
        attached = p;
        awaitHealthy(p::isAlive);
    }

    /**
     * Starts the node as a daemon ({@code bin/elasticsearch -d -p}) that keeps running after this JVM
     * exits, and waits until the cluster is at least yellow.
     */
    public synchronized void startDaemon(Launch how) {
        Process launcher = launch(how, true);
        try {
            if (!launcher.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
                throw new IllegalStateException("Elasticsearch did not start in " + START_TIMEOUT.toSeconds() + " s: " + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (launcher.exitValue() != 0) {
            throw new IllegalStateException("Elasticsearch exited at start-up (exit " + launcher.exitValue() + "): " + logTail());
        }
        awaitHealthy(() -> daemon().isPresent());
    }

    /** The daemon's process, when its pid file names a live one. */
    public Optional<ProcessHandle> daemon() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the node, attached or daemon, and waits for it (30 s, then it is killed). */
    public synchronized void stop() {
        List<ProcessHandle> all = new ArrayList<>();
        if (attached != null) {
            all.addAll(attached.descendants().toList());
            all.add(attached.toHandle());
            attached = null;
        }
        daemon().ifPresent(all::add);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** Whether the cluster answers with status yellow or green. */
    public boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s")
                    .toURL().openConnection();
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

    /** The last lines of the node's console output, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(consoleLog());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + consoleLog() + ": " + e.getMessage() + ")";
        }
    }

    /** Written by Elasticsearch itself when started as a daemon; gone when it stops. */
    private Path pidFile() {
        return workDir.resolve("elasticsearch.pid");
    }

    private Path consoleLog() {
        return workDir.resolve("logs").resolve("console.log");
    }

    private Process launch(Launch how, boolean daemon) {
        Path distribution = how.distribution();
        try {
            prepare(distribution);
            int transportPort = freePort();
            List<String> cmd = new ArrayList<>();
            // A session of its own, or the Ctrl-C that stops 'run --local-es' would stop the daemon too.
            if (daemon && onPath("setsid")) cmd.add("setsid");
            if (RunAs.isRoot()) cmd.addAll(RunAs.nobody());
            cmd.add(distribution.resolve("bin/elasticsearch").toString());
            if (daemon) cmd.addAll(List.of("-d", "-p", pidFile().toString()));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("discovery.type", "single-node");
            settings.put("xpack.security.enabled", "false");
            settings.put("http.host", "127.0.0.1");
            settings.put("transport.host", "127.0.0.1");
            settings.put("http.port", Integer.toString(httpPort));
            settings.put("transport.port", Integer.toString(transportPort));
            settings.put("path.data", workDir.resolve("data").toString());
            settings.put("path.logs", workDir.resolve("logs").toString());
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("cluster.name", how.clusterName());
            settings.putAll(how.settings());
            settings.forEach((name, value) -> {
                cmd.add("-E");
                cmd.add(name + "=" + value);
            });
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("ES_PATH_CONF", workDir.resolve("config").toString());
            pb.environment().put("ES_JAVA_HOME", how.javaHome().toString());
            pb.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            // A JAVA_TOOL_OPTIONS agent meant for this JVM would print into, or break, the server's start-up.
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch from " + distribution + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lays out the work directory: config/ copied from the distribution on first use (later edits,
     * such as users or certificates added by Elasticsearch's own tools, are kept), data/ and logs/.
     * Starting does this too; call it first to add to config/ before the first start.
     */
    public void prepare(Path distribution) throws IOException {
        Path config = workDir.resolve("config");
        Path shipped = distribution.resolve("config");
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = config.resolve(shipped.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else if (!Files.exists(target)) Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.createDirectories(workDir.resolve("data"));
        Files.createDirectories(workDir.resolve("logs"));
        if (RunAs.isRoot()) {
            RunAs.giveToNobody(workDir);
            RunAs.requireUsableByNobody(distribution.resolve("bin/elasticsearch"), workDir);
        }
    }

    /** util-linux's tools are not on every system (macOS has no setsid). */
    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(BooleanSupplier alive) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) throw new IllegalStateException("Elasticsearch exited at start-up: " + logTail());
            if (ready.getAsBoolean()) return;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("Elasticsearch did not become healthy in " + START_TIMEOUT.toSeconds() + " s: " + logTail());
    }
}
