package dev.tokenwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import dev.tokenwatch.job.PipelineMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The long-running job's status on standard error, from its counters: records read, events and their
 * rate, alerts, chat deliveries when the job has routes, dead letters with the latest reason. Printed when something changed, and once a
 * minute while nothing does, so a quiet job still says it is alive.
 */
final class StatusLine {
    private static final long QUIET_REPEAT_NANOS = Duration.ofMinutes(1).toNanos();
    private final PrintStream err;
    private final Path deadLetters;
    private long lastEvents = -1, lastAlerts, lastDead, lastChatSent;
    private long lastAt = System.nanoTime(), lastPrinted;

    StatusLine(PrintStream err, Path deadLetters) {
        this.err = err;
        this.deadLetters = deadLetters;
    }

    void update(Map<String, Object> counters) {
        long now = System.nanoTime();
        long records = BoundedRun.Result.count(counters, PipelineMetrics.RECORDS_IN);
        long events = BoundedRun.Result.count(counters, PipelineMetrics.EVENTS_PARSED);
        long alerts = BoundedRun.Result.count(counters, PipelineMetrics.ALERTS);
        long chatSent = BoundedRun.Result.count(counters, PipelineMetrics.CHAT_SENT);
        long dead = BoundedRun.Result.count(counters, PipelineMetrics.DEAD_LETTERS)
                + BoundedRun.Result.count(counters, PipelineMetrics.CHAT_DEAD_LETTERS);
        boolean changed = events != lastEvents || alerts != lastAlerts || dead != lastDead || chatSent != lastChatSent;
        if (!changed && now - lastPrinted < QUIET_REPEAT_NANOS) return;
        double perSecond = lastEvents < 0 ? 0 : (events - lastEvents) / Math.max((now - lastAt) / 1e9, 1e-3);
        StringBuilder line = new StringBuilder(String.format("status: %,d records read, %,d events (%,.0f/s), %,d alerts, ",
                records, events, perSecond, alerts));
        if (counters.containsKey(PipelineMetrics.CHAT_SENT)) {
            line.append(String.format("%,d chat messages sent (%,d alerts in digests, %,d retries), ", chatSent,
                    BoundedRun.Result.count(counters, PipelineMetrics.CHAT_HELD), BoundedRun.Result.count(counters, PipelineMetrics.CHAT_RETRIES)));
        }
        line.append(String.format("%,d dead letters", dead));
        if (dead > 0) {
            String reason = latestReason();
            if (reason != null) line.append(" (latest: ").append(reason).append(')');
        }
        err.println(line);
        lastEvents = events;
        lastAlerts = alerts;
        lastDead = dead;
        lastChatSent = chatSent;
        lastAt = now;
        lastPrinted = now;
    }

    /** The reason of the last dead letter written, read from the end of the file (it can be large). */
    private String latestReason() {
        try {
            if (!Files.exists(deadLetters)) return null;
            try (RandomAccessFile file = new RandomAccessFile(deadLetters.toFile(), "r")) {
                long length = file.length();
                int tail = (int) Math.min(length, 16 * 1024);
                byte[] bytes = new byte[tail];
                file.seek(length - tail);
                file.readFully(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
                String last = text.substring(text.lastIndexOf('\n') + 1);
                JsonNode node = Json.MAPPER.readTree(last);
                String reason = node.path("reason").asText(null);
                return reason == null || reason.length() <= 120 ? reason : reason.substring(0, 117) + "...";
            }
        } catch (IOException | RuntimeException e) {
            return null; // a line cut by the tail window or being written: the next status line has it
        }
    }
}
