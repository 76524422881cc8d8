package dev.tokenwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) for the integration tests: {@code kafka.Kafka} from
 * Maven Central's {@code kafka_2.13} on the test class path, in a child JVM, its storage formatted first with
 * {@code kafka.tools.StorageTool}, in a temporary directory on free ports. Started once per test JVM on first use,
 * stopped (and its directory deleted) by a shutdown hook. Its log is {@code broker.log} in that directory.
 */
public final class KafkaTestBroker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static KafkaTestBroker instance;

    private final Path dir;
    private final String bootstrap;
    private final Process process;

    private KafkaTestBroker(Path dir, String bootstrap, Process process) {
        this.dir = dir;
        this.bootstrap = bootstrap;
        this.process = process;
    }

    /** The shared broker, started on first use. */
    public static synchronized KafkaTestBroker get() {
        if (instance != null) return instance;
        try {
            instance = start();
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaTestBroker start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tokenwatch-kafka-");
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("server.properties");
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        // One node: every internal topic with one replica, or consumers and transactions get nothing.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "tokenwatch test broker");
        }
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                status = warn
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c - %m%n
                rootLogger.level = warn
                rootLogger.appenderRef.console.ref = console
                logger.server.name = kafka.server.KafkaRaftServer
                logger.server.level = info
                """);
        Path log = dir.resolve("broker.log");
        String clusterId = Uuid.randomUuid().toString();
        Process format = java(dir, log4j, log, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the Kafka storage failed:\n" + Files.readString(log));
        }
        Process broker = java(dir, log4j, log, "kafka.Kafka", config.toString());
        KafkaTestBroker started = new KafkaTestBroker(dir, "127.0.0.1:" + port, broker);
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-kafka"));
        started.awaitReady();
        return started;
    }

    private static Process java(Path dir, Path log4j, Path log, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + log4j,
                "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the Kafka broker exited:\n" + Files.readString(dir.resolve("broker.log")));
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the Kafka broker was not ready within " + START_TIMEOUT.toSeconds() + " s (" + last + "):\n"
                + Files.readString(dir.resolve("broker.log")));
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Creates a topic (one replica) and returns its name. */
    public String createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            return name;
        } catch (Exception e) {
            throw new IllegalStateException("creating topic " + name + ": " + e, e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory: the system cleans it eventually
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
