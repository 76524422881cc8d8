package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server answering as Docker Hub and Harbor document their audit-log APIs: Docker Hub signs in at
 * {@code POST /v2/auth/token} and pages {@code /v2/auditlogs/{account}} newest first with {@code from}; Harbor takes
 * basic authentication and pages {@code /api/v2.0/auditlog-exts} oldest first within {@code q=op_time=[a~b]}.
 * Tests make pages answer 429 or 500 a given number of times.
 */
public final class FakeAuditApis implements AutoCloseable {
    public static final String HUB_USER = "auditor";
    public static final String HUB_TOKEN = "dckr_oat_test-secret";
    public static final String HARBOR_USER = "robot$audit";
    public static final String HARBOR_PASSWORD = "harbor-test-secret";

    public final List<ObjectNode> hubEntries = new CopyOnWriteArrayList<>();
    public final List<ObjectNode> harborEntries = new CopyOnWriteArrayList<>();
    /** The signed-in user's access tokens, as {@code GET /v2/access-tokens} lists them (newest first). */
    public final List<ObjectNode> accessTokens = new CopyOnWriteArrayList<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Path-and-query prefix → how many more times it answers 429 (with Retry-After below) before answering. */
    public final Map<String, AtomicInteger> tooManyRequests = new LinkedHashMap<>();
    public final Map<String, AtomicInteger> serverErrors = new LinkedHashMap<>();
    public volatile String retryAfter = "1";
    private final HttpServer server;
    private final AtomicInteger signIns = new AtomicInteger();
    /** Docker Hub's bearer tokens are short-lived: only the newest one issued is accepted, until expired. */
    private volatile String validBearer;

    public FakeAuditApis() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/v2/auth/token", this::signIn);
        server.createContext("/v2/auditlogs/", this::hubAuditLogs);
        server.createContext("/api/v2.0/auditlog-exts", this::harborAuditLogs);
        server.createContext("/v2/access-tokens", this::accessTokens);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void expireBearer() {
        validBearer = null;
    }

    int signIns() {
        return signIns.get();
    }

    public static ObjectNode hubEntry(Instant time, String repository, String tag) {
        ObjectNode e = Json.MAPPER.createObjectNode().put("account", "acme").put("action", "repo.tag.push")
                .put("name", repository).put("actor", "jdoe").put("timestamp", time.toString());
        e.putObject("data").put("tag", tag).put("digest", "sha256:" + "0".repeat(63) + (tag.hashCode() & 7));
        return e;
    }

    public static ObjectNode harborEntry(long id, Instant time, String resource) {
        return Json.MAPPER.createObjectNode().put("id", id).put("username", "robot$payments+ci").put("resource", resource)
                .put("resource_type", "artifact").put("operation", "create").put("operation_description", "push artifact")
                .put("operation_result", true).put("op_time", time.toString());
    }

    private void signIn(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody());
            if (!HUB_USER.equals(body.path("identifier").asText()) || !HUB_TOKEN.equals(body.path("secret").asText())) {
                answer(exchange, 401, "{\"detail\":\"incorrect credentials\"}");
                return;
            }
            validBearer = "hub-bearer-" + signIns.incrementAndGet();
            answer(exchange, 200, "{\"access_token\":\"" + validBearer + "\"}");
        }
    }

    private boolean unauthorized(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || validBearer == null || !auth.equals("Bearer " + validBearer)) {
            answer(exchange, 401, "{\"detail\":\"authentication required\"}");
            return true;
        }
        return false;
    }

    private void accessTokens(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (refused(exchange) || unauthorized(exchange)) return;
            Map<String, String> q = query(exchange.getRequestURI());
            int page = Integer.parseInt(q.getOrDefault("page", "1"));
            int size = Integer.parseInt(q.getOrDefault("page_size", "10"));
            ObjectNode body = Json.MAPPER.createObjectNode().put("count", accessTokens.size())
                    .put("active_count", accessTokens.stream().filter(t -> t.path("is_active").asBoolean()).count());
            if ((long) page * size < accessTokens.size()) {
                body.put("next", base() + "/v2/access-tokens?page=" + (page + 1) + "&page_size=" + size);
            } else {
                body.putNull("next");
            }
            body.set("results", slice(accessTokens, q));
            answer(exchange, 200, body.toString());
        }
    }

    private void hubAuditLogs(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (refused(exchange) || unauthorized(exchange)) return;
            Map<String, String> q = query(exchange.getRequestURI());
            Instant from = Instant.parse(q.get("from"));
            List<ObjectNode> matching = new ArrayList<>(hubEntries.stream()
                    .filter(e -> !Instant.parse(e.get("timestamp").asText()).isBefore(from)).toList());
            matching.sort(Comparator.comparing((ObjectNode e) -> Instant.parse(e.get("timestamp").asText())).reversed());
            ObjectNode page = Json.MAPPER.createObjectNode();
            page.set("logs", slice(matching, q));
            answer(exchange, 200, page.toString());
        }
    }

    private void harborAuditLogs(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (refused(exchange)) return;
            String expected = "Basic " + Base64.getEncoder().encodeToString((HARBOR_USER + ":" + HARBOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"unauthorized\"}]}");
                return;
            }
            Map<String, String> q = query(exchange.getRequestURI());
            String range = q.get("q").replaceFirst("^op_time=\\[", "").replaceFirst("]$", "");
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            Instant from = LocalDateTime.parse(range.split("~")[0], f).toInstant(ZoneOffset.UTC);
            Instant to = LocalDateTime.parse(range.split("~")[1], f).toInstant(ZoneOffset.UTC);
            List<ObjectNode> matching = new ArrayList<>(harborEntries.stream().filter(e -> {
                Instant t = Instant.parse(e.get("op_time").asText());
                return !t.isBefore(from) && !t.isAfter(to);
            }).toList());
            matching.sort(Comparator.comparing((ObjectNode e) -> e.get("op_time").asText()).thenComparing(e -> e.get("id").asLong()));
            exchange.getResponseHeaders().set("X-Total-Count", String.valueOf(matching.size()));
            answer(exchange, 200, slice(matching, q).toString());
        }
    }

    private boolean refused(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + target);
        if (countDown(tooManyRequests, target)) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
            answer(exchange, 429, "{\"detail\":\"rate limit exceeded\"}");
            return true;
        }
        if (countDown(serverErrors, target)) {
            answer(exchange, 503, "{\"detail\":\"unavailable\"}");
            return true;
        }
        return false;
    }

    private static boolean countDown(Map<String, AtomicInteger> plan, String target) {
        synchronized (plan) {
            for (Map.Entry<String, AtomicInteger> e : plan.entrySet()) {
                if (target.contains(e.getKey()) && e.getValue().getAndDecrement() > 0) return true;
            }
        }
        return false;
    }

    private static ArrayNode slice(List<ObjectNode> entries, Map<String, String> q) {
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int size = Integer.parseInt(q.getOrDefault("page_size", "10"));
        ArrayNode out = Json.MAPPER.createArrayNode();
        entries.stream().skip((long) (page - 1) * size).limit(size).forEach(out::add);
        return out;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) return q;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
