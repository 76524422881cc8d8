package dev.tokenwatch.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.event.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP for pollers: JSON answers, 429 honoured with its {@code Retry-After}, server errors and broken connections
 * retried with exponential backoff. Other answers (401, 404...) end the request at once: waiting does not fix them.
 */
public final class PollClient {
    /**
     * @param maxAttempts tries per request for 5xx and connection errors (a 429 wait does not count as one)
     * @param maxRateLimitWait the longest a 429 makes it wait, whatever Retry-After says; a missing header waits the backoff
     */
    public record Settings(Duration timeout, int maxAttempts, Duration firstBackoff, Duration maxRateLimitWait) implements java.io.Serializable {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), 5, Duration.ofSeconds(1), Duration.ofMinutes(15));
    }

    /** An answer: status, JSON body (null when not JSON) and headers, for paging links. */
    public record Answer(int status, JsonNode body, HttpResponse<String> response) {
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    private final HttpClient http;
    private final Settings settings;
    private final PollStats stats;
    private final Clock clock;

    public PollClient(Settings settings, PollStats stats, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.settings = settings;
        this.stats = stats;
        this.clock = clock;
    }

    public Answer get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET(), "GET", uri, headers);
    }

    public Answer postJson(URI uri, String json, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"), "POST", uri, headers);
    }

    private Answer send(HttpRequest.Builder builder, String method, URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        builder.timeout(settings.timeout()).header("Accept", "application/json").header("User-Agent", "tokenwatch-poller");
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        Duration backoff = settings.firstBackoff();
        int attempt = 0;
        while (true) {
            stats.requested();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (++attempt >= settings.maxAttempts()) {
                    throw new PollException(describe(method, uri) + ": no answer after " + attempt + " tries (" + e.getClass().getSimpleName() + ")", 0);
                }
                stats.retried("connection: " + e.getClass().getSimpleName());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
                continue;
            }
            int status = response.statusCode();
            if (status == 429) {
                Duration wait = retryAfter(response).orElse(backoff);
                if (wait.compareTo(settings.maxRateLimitWait()) > 0) wait = settings.maxRateLimitWait();
                stats.rateLimited(wait.toMillis());
                Thread.sleep(wait.toMillis());
                continue;
            }
            if (status >= 500) {
                if (++attempt >= settings.maxAttempts()) {
                    throw new PollException(describe(method, uri) + ": HTTP " + status + " after " + attempt + " tries", status);
                }
                stats.retried("HTTP " + status);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
                continue;
            }
            if (status >= 300) {
                throw new PollException(describe(method, uri) + ": HTTP " + status + (status == 401 || status == 403
                        ? " (credentials refused or lacking the scope to read this)" : ""), status);
            }
            return new Answer(status, json(method, uri, response.body()), response);
        }
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3). */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException neither) {
                    return Optional.empty();
                }
            }
        });
    }

    private static JsonNode json(String method, URI uri, String body) throws PollException {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new PollException(describe(method, uri) + ": the answer is not JSON (" + e.getClass().getSimpleName() + ")", 200);
        }
    }

    /** The request without its query: a query may carry what a log should not. */
    static String describe(String method, URI uri) {
        return method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
