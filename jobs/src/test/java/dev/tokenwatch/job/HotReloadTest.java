package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.alert.AlertJson;
import dev.tokenwatch.rule.RuleLoader;
import dev.tokenwatch.sink.LineSink;
import dev.tokenwatch.source.RuleDirectorySource;
import dev.tokenwatch.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload in a running job: a threshold edited in the rules directory takes effect without a
 * restart; a broken edit is rejected with its reason logged and the previous version keeps running.
 */
class HotReloadTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path LOG = Path.of("target/test-logs/tokenwatch.log");

    @TempDir
    Path dir;

    @Test
    void anEditedThresholdAppliesWithinSecondsAndABrokenEditKeepsThePreviousVersion() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path alerts = dir.resolve("alerts.jsonl");
        Path ruleFile = rules.resolve("test-many-repos.yaml");
        long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        Files.writeString(ruleFile, TestRules.MANY_REPOS);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TokenwatchJob.Outputs outputs = TokenwatchJob.build(
                TokenwatchJob.readFiles(env, List.of(spool.toString()), Duration.ofMillis(200)),
                new RuleLoader().loadDirectory(rules).enabledRules(),
                RuleDirectorySource.watch(env, rules, Duration.ofMillis(200)), null, EventTime.LIVE);
        outputs.alerts().map(AlertJson::toJson).sinkTo(LineSink.toFile(alerts)).setParallelism(1);
        JobClient job = env.executeAsync("hot reload");
        try {
            // threshold 3: three repositories alert
            drop(spool, "1", pushes("2026-11-16T08:00", "ann", 3));
            awaitAlertFor(alerts, "ann");

            // threshold raised to 5: three stay quiet, five alert
            Files.writeString(ruleFile, TestRules.MANY_REPOS.replace("count: 3", "count: 5"));
            Thread.sleep(1500);
            drop(spool, "2", pushes("2026-11-16T09:00", "bob", 3) + pushes("2026-11-16T09:00", "cid", 5));
            awaitAlertFor(alerts, "cid");
            assertThat(alertedUsers(alerts)).containsExactly("ann", "cid");

            // a broken edit is rejected and reported; count 5 keeps running
            Files.writeString(ruleFile, TestRules.MANY_REPOS.replace("count: 3", "count: 5").replace("severity: high", "severity: severe"));
            awaitLog(logStart, log -> log.contains("rule change rejected, previous version kept")
                    && log.contains("test-many-repos.yaml:4: rule test-many-repos: severity: 'severe' is not one of"));
            drop(spool, "3", pushes("2026-11-16T10:00", "dee", 3) + pushes("2026-11-16T10:00", "eve", 5));
            awaitAlertFor(alerts, "eve");
            assertThat(alertedUsers(alerts)).containsExactly("ann", "cid", "eve");
        } finally {
            job.cancel().get();
        }
    }

    private static String pushes(String minute, String user, int repositories) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= repositories; i++) {
            s.append("{\"@timestamp\":\"").append(minute).append(":0").append(i).append("Z\",\"event\":{\"action\":\"image.push\"},")
                    .append("\"user\":{\"name\":\"").append(user).append("\"},\"repository\":{\"name\":\"acme/r").append(i).append("\"}}\n");
        }
        return s.toString();
    }

    /** Writes a spool file the way users are told to: hidden name first, then a rename. */
    private static void drop(Path spool, String name, String content) throws Exception {
        Path hidden = spool.resolve("." + name + ".jsonl");
        Files.writeString(hidden, content);
        Files.move(hidden, spool.resolve(name + ".jsonl"));
    }

    private static List<String> alertedUsers(Path alerts) throws Exception {
        List<String> users = new ArrayList<>();
        if (!Files.exists(alerts)) return users;
        for (String line : Files.readAllLines(alerts)) {
            String user = line.replaceAll(".*\"user\":\\{\"name\":\"([^\"]+)\".*", "$1");
            if (!users.contains(user)) users.add(user);
        }
        return users;
    }

    private static void awaitAlertFor(Path alerts, String user) throws Exception {
        await(() -> alertedUsers(alerts).contains(user), "an alert for " + user);
    }

    /** Waits for what the log says after {@code from} (the log file is shared by every test of the run). */
    private static void awaitLog(long from, Predicate<String> condition) throws Exception {
        await(() -> Files.exists(LOG) && condition.test(Files.readString(LOG).substring((int) from)), "the rejection in the log");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
