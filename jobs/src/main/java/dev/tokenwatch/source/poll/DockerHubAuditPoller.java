package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Docker Hub organization's audit log, {@code GET /v2/auditlogs/{account}?from=...&page=N&page_size=M} (pages of
 * {@code {"logs": [...]}} until a short one). Entries carry no id: an entry is identified by its content, as the
 * parse stage derives its event id.
 */
final class DockerHubAuditPoller extends AuditLogPoller {
    private final String account;
    private final DockerHubSession session;

    DockerHubAuditPoller(String account, DockerHubSession session) {
        this.account = account;
        this.session = session;
    }

    @Override
    public String name() {
        return "dockerhub-audit:" + account;
    }

    @Override
    List<JsonNode> page(Instant from, Instant now, int page, PollClient client) throws IOException, InterruptedException {
        URI uri = session.base().resolve("/v2/auditlogs/" + URLEncoder.encode(account, StandardCharsets.UTF_8)
                + "?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&page=" + page + "&page_size=" + PAGE_SIZE);
        JsonNode logs = session.get(uri, client).body().path("logs");
        if (!logs.isArray()) throw new PollException(PollClient.describe("GET", uri) + ": no \"logs\" array in the answer", 200);
        List<JsonNode> entries = new ArrayList<>();
        logs.forEach(entries::add);
        return entries;
    }

    @Override
    Instant time(JsonNode entry) {
        try {
            return Instant.parse(entry.path("timestamp").asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    String id(JsonNode entry) {
        return Secrets.sha256Hex(entry.toString());
    }
}
