package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.sink.chat.SecretValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Harbor's audit log, {@code GET /api/v2.0/auditlog-exts} (Harbor 2.13 and later), with a time-range query
 * {@code q=op_time=[FROM~TO]}, oldest first, paged by {@code page}/{@code page_size}. Signs in with HTTP basic
 * authentication (a robot account or a user with audit-log access).
 */
final class HarborAuditPoller extends AuditLogPoller {
    /** Harbor's query syntax takes times to the second, in UTC. */
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final URI base;
    private final SecretValue username;
    private final SecretValue password;

    HarborAuditPoller(URI base, SecretValue username, SecretValue password) {
        this.base = base;
        this.username = username;
        this.password = password;
    }

    @Override
    public String name() {
        return "harbor-audit:" + base.getAuthority();
    }

    @Override
    List<JsonNode> page(Instant from, Instant now, int page, PollClient client) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((username.resolve() + ":" + password.resolve()).getBytes(StandardCharsets.UTF_8));
        // The range is to the second: from is rounded down (the cursor drops what it took), to rounded up.
        String query = "op_time=[" + QUERY_TIME.format(from.truncatedTo(ChronoUnit.SECONDS)) + "~"
                + QUERY_TIME.format(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)) + "]";
        URI uri = base.resolve("/api/v2.0/auditlog-exts?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sort=op_time&page=" + page + "&page_size=" + PAGE_SIZE);
        JsonNode body = client.get(uri, Map.of("Authorization", "Basic " + credentials)).body();
        if (!body.isArray()) throw new PollException(PollClient.describe("GET", uri) + ": expected a JSON array of audit entries", 200);
        List<JsonNode> entries = new ArrayList<>();
        body.forEach(entries::add);
        return entries;
    }

    @Override
    Instant time(JsonNode entry) {
        try {
            return OffsetDateTime.parse(entry.path("op_time").asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    String id(JsonNode entry) {
        return entry.path("id").asText();
    }
}
