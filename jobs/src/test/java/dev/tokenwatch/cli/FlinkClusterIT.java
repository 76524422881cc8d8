package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.Cli;
import dev.tokenwatch.testing.KafkaTestBroker;
import dev.tokenwatch.testing.LiveRuns;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.SampleStream;
import dev.tokenwatch.testing.TestRules;
import java.io.File;
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
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Flink session cluster, as {@code flink run -d} submits it: a job manager
 * ({@code StandaloneSessionClusterEntrypoint}) and two task managers ({@code TaskManagerRunner}) of two slots each,
 * each its own JVM on Maven Central's Flink jars, and Flink's own CLI ({@code CliFrontend}) submitting
 * {@code tokenwatch.jar run --kafka ... -p 2}. The samples are written to a topic in two halves; after the first, once a
 * checkpoint completed, one task manager is killed with SIGKILL and the second half is written while the job fails
 * over to the other. The alerts file must then hold {@code replay}'s alerts, each version once.
 *
 * <p>The cluster's class path is the test class path without this module's classes and without the Kafka connector
 * and clients, as on a cluster whose lib/ holds Flink only: Tokenwatch, the connector and everything else come from
 * the submitted jar (classloader.resolve-order child-first, Flink's default; the jar's own copies of Flink classes
 * are not used, org.apache.flink. being parent-first).
 */
class FlinkClusterIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int restPort;

    @Test
    void theJarSubmittedToASessionClusterGivesTheAlertsOfAReplayAfterATaskManagerIsKilled() throws Exception {
        Path jar = TestRules.repoRoot().resolve("jobs/target/tokenwatch.jar");
        assertThat(jar).as("the shaded jar (built in package, before the ITs)").exists();
        KafkaTestBroker broker = KafkaTestBroker.get();
        Path out = dir.resolve("replay.jsonl");
        Cli.Run replay = Cli.run("replay", "--out", out.toString(), SampleStream.samplesDir().toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        Map<String, String> replayed = AlertLines.latest(out);
        List<String> lines = SampleStream.lines();
        String topic = broker.createTopic("cluster", 2);

        restPort = LiveRuns.freePort();
        Path conf = configDir(restPort, LiveRuns.freePort());
        Map<String, String> env = Map.of("FLINK_CONF_DIR", conf.toString());
        String classPath = clusterClassPath();
        // What Flink's scripts give every JVM on Java 17 (env.java.default-opts.all of its config.yaml) and a log file.
        List<String> jvmCommon = new ArrayList<>(List.of("-Dlog4j.configurationFile=" + conf.resolve("log4j-console.properties")));
        for (String pkg : List.of("java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect", "java.text",
                "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks")) {
            jvmCommon.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        jvmCommon.add("--add-exports=java.base/sun.net.util=ALL-UNNAMED");
        jvmCommon.add("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED");
        Path data = dir.resolve("data");
        // The processes' logs outlive the temporary directory, for a failed run: target/flink-cluster-it/.
        Path logs = Path.of("target", "flink-cluster-it").toAbsolutePath();
        org.apache.flink.util.FileUtils.deleteDirectoryQuietly(logs.toFile());
        long started = System.nanoTime();
        try (RunProcess jobManager = RunProcess.java(logs.resolve("jobmanager.log"), env, jvm(jvmCommon, "-Xmx512m"), classPath,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", conf.toString());
             RunProcess taskManager1 = RunProcess.java(logs.resolve("taskmanager-1.log"), env, jvm(jvmCommon, "-Xmx448m", "-Xms448m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m"), classPath,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString());
             RunProcess taskManager2 = RunProcess.java(logs.resolve("taskmanager-2.log"), env, jvm(jvmCommon, "-Xmx448m", "-Xms448m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m"), classPath,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", conf.toString())) {
            jobManager.await(() -> get("/taskmanagers").path("taskmanagers").size() == 2, "two task managers registered", WAIT);
            long clusterUp = System.nanoTime();

            RunProcess submit = RunProcess.java(logs.resolve("flink-run.log"), env, jvm(jvmCommon, "-Xmx512m",
                    "-Dtokenwatch.repo.root=" + TestRules.repoRoot(), "-Dtokenwatch.geoip.dir=" + System.getProperty("tokenwatch.geoip.dir", "")),
                    classPath, "org.apache.flink.client.cli.CliFrontend", "run", "-d", "-m", "localhost:" + restPort, jar.toString(),
                    "run", "--kafka", broker.bootstrap(), "--topic", topic, "--no-samples", "-p", "2", "--data", data.toString(),
                    "--rules", TestRules.repoRoot().resolve("rules").toString(), "--no-reload", "--checkpoint-interval", "1s",
                    "--settle", "15s");
            assertThat(submit.waitFor(Duration.ofMinutes(2))).as(submit.log()).isZero();
            assertThat(submit.log()).contains("Submitted to the cluster as job");
            String job = get("/jobs/overview").path("jobs").get(0).path("jid").asText();
            jobManager.await(() -> "RUNNING".equals(get("/jobs/" + job).path("state").asText()), "the job running", WAIT);
            RunProcess killed = null, survivor = null;

            awaitCheckpoints(jobManager, job, 1);
            // The job's --checkpoints (DATA/checkpoints) is where they go, not the cluster's execution.checkpointing.dir.
            String checkpointPath = get("/jobs/" + job + "/checkpoints").path("latest").path("completed").path("external_path").asText();
            assertThat(checkpointPath).startsWith(data.resolve("checkpoints").toUri().toString().replaceFirst("^file:/+", "file:/"));
            int half = lines.size() / 2;
            try (KafkaProducer<String, String> producer = SampleStream.producer(broker.bootstrap())) {
                SampleStream.write(producer, topic, 2, lines, 0, half);
                awaitCheckpoints(jobManager, job, completedCheckpoints(job) + 1);
                // The scheduler may have put both of the job's slots on one task manager: kill one that runs tasks.
                String busy = "";
                for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
                    if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) busy = tm.path("id").asText();
                }
                assertThat(busy).as("a task manager running the job").isNotEmpty();
                killed = taskManager1.log().contains("ResourceID: " + busy) ? taskManager1 : taskManager2;
                survivor = killed == taskManager1 ? taskManager2 : taskManager1;
                killed.kill();
                SampleStream.write(producer, topic, 2, lines, half, lines.size());
            }
            LiveRuns.awaitEqual(() -> AlertLines.latest(data.resolve(DataOptions.RUN_ALERTS)), replayed, jobManager, WAIT);
            long done = System.nanoTime();
            assertThat(survivor.alive()).isTrue();
            JsonNode failures = get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries");
            assertThat(failures.size()).as("the job failed over when the task manager was killed").isGreaterThanOrEqualTo(1);
            List<String> alerts = AlertLines.lines(data.resolve(DataOptions.RUN_ALERTS));
            assertThat(alerts).as("no alert version written twice").doesNotHaveDuplicates();
            System.out.printf("FlinkClusterIT: cluster up in %d s; %d sample lines, task manager killed after %d; %d alert ids, %d lines,"
                            + " equal to replay %d s after the cluster was up; failovers recorded: %d (%s)%n",
                    Duration.ofNanos(clusterUp - started).toSeconds(), lines.size(), half, replayed.size(), alerts.size(),
                    Duration.ofNanos(done - clusterUp).toSeconds(), failures.size(), failures.get(0).path("exceptionName").asText());
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/jobs/" + job + "?mode=cancel"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
        // With the cluster gone (two cores): the same topic read by a local run that nothing disturbs.
        assertThat(AlertLines.lines(data.resolve(DataOptions.RUN_ALERTS)).stream().sorted().toList())
                .as("the alert versions of an undisturbed run")
                .isEqualTo(LiveRuns.undisturbedLines(dir.resolve("undisturbed"), broker.bootstrap(), topic, replayed, WAIT));
    }

    private long completedCheckpoints(String job) throws Exception {
        return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
    }

    private void awaitCheckpoints(RunProcess jobManager, String job, long completed) throws Exception {
        jobManager.await(() -> completedCheckpoints(job) >= completed, completed + " completed checkpoint(s)", WAIT);
    }

    /** A GET of Flink's REST API; a missing node while the job manager is not up yet or the path is not there. */
    private JsonNode get(String path) throws Exception {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.missingNode();
        } catch (java.io.IOException notUpYet) {
            return JSON.missingNode();
        }
    }

    private static List<String> jvm(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(Arrays.asList(more));
        return args;
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
    private Path configDir(int rest, int rpc) throws Exception {
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
