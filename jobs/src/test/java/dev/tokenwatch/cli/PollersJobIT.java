package dev.tokenwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.source.poll.FakeAuditApis;
import dev.tokenwatch.source.poll.Pollers;
import dev.tokenwatch.testing.AlertLines;
import dev.tokenwatch.testing.RunProcess;
import dev.tokenwatch.testing.TestRules;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tokenwatch run --poll ...} as its own JVM against the local Docker Hub and Harbor APIs, with the probe rule
 * added to a copy of the rules: pushes in both audit logs alert; the job is killed (SIGKILL) and restarted from its
 * checkpoint; the pollers resume at their checkpointed cursors, and a push made while it was down alerts once.
 */
class PollersJobIT {
    @TempDir
    Path dir;

    @Test
    void polledPushesAlertAndAKilledJobResumesAtItsCursors() throws Exception {
        Path rules = TestRules.shippedWithProbe(dir);
        Path data = dir.resolve("data");
        Path alerts = data.resolve("alerts.jsonl");
        Instant pushed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        try (FakeAuditApis apis = new FakeAuditApis()) {
            apis.hubEntries.add(FakeAuditApis.hubEntry(pushed, "probe/app", "v1"));
            apis.harborEntries.add(FakeAuditApis.harborEntry(7001, pushed, "probe/app:v2"));
            apis.tooManyRequests.put("/v2/auditlogs/acme", new AtomicInteger(1));
            Map<String, String> env = Map.of(Pollers.DOCKERHUB_USERNAME, FakeAuditApis.HUB_USER, Pollers.DOCKERHUB_TOKEN, FakeAuditApis.HUB_TOKEN,
                    Pollers.HARBOR_USERNAME, FakeAuditApis.HARBOR_USER, Pollers.HARBOR_PASSWORD, FakeAuditApis.HARBOR_PASSWORD);
            String[] common = {"--data", data.toString(), "--no-samples", "--no-reload", "--rules", rules.toString(),
                    "--checkpoint-interval", "1s", "--settle", "2s", "--poll-interval", "1s", "--dockerhub-url", apis.base().toString(),
                    "--poll", "dockerhub-audit:acme", "--poll", "harbor-audit:" + apis.base(), "--poll", "dockerhub-tokens:jdoe"};

            try (RunProcess job = RunProcess.start(data.resolve("run.log"), env, concat(common, "--fresh"))) {
                job.await(() -> probeReasons(alerts).size() >= 2, "the two probe alerts", Duration.ofMinutes(2));
                assertThat(probeReasons(alerts)).containsExactlyInAnyOrder("jdoe pushed probe/app:v1", "robot$payments+ci pushed probe/app:v2");
                assertThat(job.log()).contains("Polling every 1 s: dockerhub-audit:acme, harbor-audit:127.0.0.1:");
                // Several checkpoints with the cursors past both pushes, then a crash.
                Thread.sleep(4000);
                job.kill();
            }
            assertThat(apis.requests).as("the 429 was waited out and the page asked again")
                    .filteredOn(r -> r.contains("/v2/auditlogs/acme")).hasSizeGreaterThan(2);
            int before = apis.requests.size();
            apis.hubEntries.add(FakeAuditApis.hubEntry(Instant.now().truncatedTo(ChronoUnit.SECONDS), "probe/app", "v3"));

            try (RunProcess job = RunProcess.start(data.resolve("run2.log"), env, common)) {
                job.await(() -> probeReasons(alerts).size() >= 3, "the probe alert of the push made while down", Duration.ofMinutes(2));
                Thread.sleep(8000);
                assertThat(probeReasons(alerts)).containsExactlyInAnyOrder("jdoe pushed probe/app:v1", "robot$payments+ci pushed probe/app:v2",
                        "jdoe pushed probe/app:v3");
                String resumedFrom = "from=" + URLEncoder.encode(pushed.toString(), StandardCharsets.UTF_8);
                assertThat(apis.requests.subList(before, apis.requests.size()))
                        .as("the restarted poller asks from its checkpointed cursor, not from --poll-since")
                        .filteredOn(r -> r.contains("/v2/auditlogs/acme")).first().asString().contains(resumedFrom);
            }
        }
    }

    private static String[] concat(String[] common, String... more) {
        String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    /** The probe alerts' reasons, one per alert id (the newest version of each). */
    private static List<String> probeReasons(Path alerts) {
        return AlertLines.lines(alerts).stream().filter(l -> l.contains("\"tw-probe-push\"")).map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).collect(java.util.stream.Collectors.toMap(a -> a.path("alert").path("id").asText(), a -> a.path("alert").path("reason").asText(),
                (a, b) -> b, java.util.LinkedHashMap::new)).values().stream().toList();
    }
}
