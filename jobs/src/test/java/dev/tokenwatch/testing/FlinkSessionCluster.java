package dev.tokenwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Flink session cluster on this machine, as {@code FlinkClusterIT} runs the shaded jar on it: a job manager
 * ({@code StandaloneSessionClusterEntrypoint}) and two task managers ({@code TaskManagerRunner}) of two slots each,
 * each its own JVM on Maven Central's Flink jars, Flink's own CLI ({@code CliFrontend}) to submit and stop jobs, and
 * its REST API to follow them.
 *
 * <p>The cluster's class path is the test class path without this module's classes and without the Kafka connector
 * and clients, as on a cluster whose lib/ holds Flink only: Tokenwatch, the connector and everything else come from
 * the submitted jar (classloader.resolve-order child-first, Flink's default; the jar's own copies of Flink classes
 * are not used, org.apache.flink. being parent-first).
 */
public final class FlinkSessionCluster implements AutoCloseable {
    public static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBMITTED = Pattern.compile("Submitted to the cluster as job ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final int restPort;
    private final Map<String, String> env;
    private final List<String> jvmCommon;
    private final String classPath;
    private final Path logs;
    private final List<RunProcess> processes = new ArrayList<>();

    private FlinkSessionCluster(int restPort, Path conf, Path logs) {
        this.restPort = restPort;
        this.env = Map.of("FLINK_CONF_DIR", conf.toString());
        this.logs = logs;
        this.classPath = clusterClassPath();
        // What Flink's scripts give every JVM on Java 17 (env.java.default-opts.all of its config.yaml) and a log file.
        jvmCommon = new ArrayList<>(List.of("-Dlog4j.configurationFile=" + conf.resolve("log4j-console.properties")));
        for (String pkg : List.of("java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect", "java.text",
                "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks")) {
            jvmCommon.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        jvmCommon.add("--add-exports=java.base/sun.net.util=ALL-UNNAMED");
        jvmCommon.add("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED");
    }

    /**
     * Starts the job manager and both task managers, configured under {@code dir}, and waits until both have
     * registered. The processes' logs go to {@code logs} (emptied first), which should outlive {@code dir}.
     */
    public static FlinkSessionCluster start(Path dir, Path logs) throws Exception {
        int restPort = LiveRuns.freePort();
        org.apache.flink.util.FileUtils.deleteDirectoryQuietly(logs.toFile());
        FlinkSessionCluster cluster = new FlinkSessionCluster(restPort, configDir(dir, restPort, LiveRuns.freePort()), logs);
        try {
            Path conf = Path.of(cluster.env.get("FLINK_CONF_DIR"));
            cluster.processes.add(cluster.java("jobmanager.log", List.of("-Xmx512m"),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", conf.toString()));
            for (int i = 1; i <= 2; i++) {
                cluster.processes.add(cluster.java("taskmanager-" + i + ".log",
                        List.of("-Xmx448m", "-Xms448m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m"),
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString()));
            }
            cluster.jobManager().await(() -> cluster.get("/taskmanagers").path("taskmanagers").size() == 2,
                    "two task managers registered", WAIT);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public RunProcess jobManager() {
        return processes.get(0);
    }

    /** The first or second task manager. */
    public RunProcess taskManager(int number) {
        return processes.get(number);
    }

    /**
     * {@code flink run -d JAR ARGS} with Flink's CLI, logged to {@code target/flink-cluster-it/LOG}: waits for the
     * client to return and gives the id of the job {@code tokenwatch run} says it submitted.
     */
    public String submit(String log, Path jar, String... args) throws Exception {
        return submit(log, List.of(), jar, args);
    }

    /** The same with options of Flink's {@code run} before the jar ({@code -s SAVEPOINT}). */
    public String submit(String log, List<String> flinkOptions, Path jar, String... args) throws Exception {
        List<String> cli = new ArrayList<>(List.of("run", "-d", "-m", "localhost:" + restPort));
        cli.addAll(flinkOptions);
        cli.add(jar.toString());
        cli.addAll(List.of(args));
        String output = flink(log, cli);
        Matcher submitted = SUBMITTED.matcher(output);
        assertThat(submitted.find()).as(output).isTrue();
        String job = submitted.group(1);
        jobManager().await(() -> "RUNNING".equals(jobState(job)), "job " + job + " running", WAIT);
        return job;
    }

    /**
     * {@code flink stop --savepointPath DIR JOB}: a savepoint, then the job stops without draining (no end-of-time
     * watermark, so timers stay in the savepoint instead of firing). Gives the savepoint's path.
     */
    public String stopWithSavepoint(String log, String job, Path savepoints) throws Exception {
        String output = flink(log, List.of("stop", "--savepointPath", savepoints.toUri().toString(), job));
        Matcher completed = SAVEPOINT.matcher(output);
        assertThat(completed.find()).as(output).isTrue();
        jobManager().await(() -> "FINISHED".equals(jobState(job)), "job " + job + " finished", WAIT);
        return completed.group(1);
    }

    /** Flink's CLI with this cluster's configuration and what {@code tokenwatch run} needs of the client's machine. */
    private String flink(String log, List<String> args) throws Exception {
        RunProcess cli = java(log, List.of("-Xmx512m", "-Dtokenwatch.repo.root=" + TestRules.repoRoot(),
                        "-Dtokenwatch.geoip.dir=" + System.getProperty("tokenwatch.geoip.dir", "")),
                "org.apache.flink.client.cli.CliFrontend", args.toArray(String[]::new));
        assertThat(cli.waitFor(Duration.ofMinutes(2))).as(cli.log()).isZero();
        return cli.log();
    }

    public String jobState(String job) throws Exception {
        return get("/jobs/" + job).path("state").asText();
    }

    /** The savepoint or checkpoint the job was started from, once the job manager has restored it; empty until then. */
    public String restoredFrom(String job) throws Exception {
        return get("/jobs/" + job + "/checkpoints").path("latest").path("restored").path("external_path").asText();
    }

    public long completedCheckpoints(String job) throws Exception {
        return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
    }

    public void awaitCheckpoints(String job, long completed) throws Exception {
        jobManager().await(() -> completedCheckpoints(job) >= completed, completed + " completed checkpoint(s)", WAIT);
    }

    public void cancel(String job) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/jobs/" + job + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of Flink's REST API; a missing node while the job manager is not up yet or the path is not there. */
    public JsonNode get(String path) throws Exception {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.missingNode();
        } catch (IOException notUpYet) {
            return JSON.missingNode();
        }
    }

    private RunProcess java(String log, List<String> jvmArgs, String mainClass, String... args) throws IOException {
        List<String> jvm = new ArrayList<>(jvmCommon);
        jvm.addAll(jvmArgs);
        return RunProcess.java(logs.resolve(log), env, jvm, classPath, mainClass, args);
    }

    @Override
    public void close() throws InterruptedException {
        for (RunProcess process : processes) process.close();
    }

    /** The test class path as a Flink installation's lib/ would be: no Tokenwatch, no Kafka connector or clients. */
    private static String clusterClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    Path p = Path.of(entry).toAbsolutePath();
                    String name = p.getFileName().toString();
                    return !p.startsWith(TestRules.repoRoot().resolve("jobs/target")) && !name.startsWith("flink-connector-kafka")
                            && !name.startsWith("kafka");
                })
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A minimal configuration for one machine with two cores: small memory, local addresses, checkpoints in the temp dir. */
    private static Path configDir(Path dir, int rest, int rpc) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpc,
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + rest,
                "jobmanager.memory.process.size: 1024m",
                // Started without Flink's scripts, a task manager must be given what they would compute (BashJavaUtils).
                "taskmanager.cpu.cores: 1",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.heap.size: 320m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "taskmanager.numberOfTaskSlots: 2",
                "cluster.evenly-spread-out-slots: true",
                "parallelism.default: 2",
                "heartbeat.interval: 1000",
                // Watermarks are read from the REST API, which serves metrics at most this old (default 10 s).
                "metrics.fetcher.update-interval: 1000",
                "heartbeat.timeout: 10000",
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 20",
                "restart-strategy.fixed-delay.delay: 2 s",
                "io.tmp.dirs: " + Files.createDirectories(dir.resolve("flink-tmp")),
                "execution.checkpointing.dir: " + dir.resolve("cluster-checkpoints").toUri(),
                ""));
        Files.writeString(conf.resolve("log4j-console.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.console.ref = console",
                "appender.console.name = console",
                "appender.console.type = CONSOLE",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""));
        return conf;
    }
}
