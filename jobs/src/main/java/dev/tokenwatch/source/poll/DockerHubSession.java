package dev.tokenwatch.source.poll;

import dev.tokenwatch.event.Json;
import dev.tokenwatch.sink.chat.SecretValue;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.Map;

/**
 * Signing in to the Docker Hub API: a username and a personal or organization access token exchanged at
 * {@code POST /v2/auth/token} for a short-lived bearer token, exchanged again when the API refuses it. The access
 * token comes from the environment or a file where the job runs; only its reference travels with the job.
 */
final class DockerHubSession implements Serializable {
    static final URI DEFAULT_BASE = URI.create("https://hub.docker.com");

    private final URI base;
    private final SecretValue username;
    private final SecretValue accessToken;
    private transient String bearer;

    DockerHubSession(URI base, SecretValue username, SecretValue accessToken) {
        this.base = base;
        this.username = username;
        this.accessToken = accessToken;
    }

    URI base() {
        return base;
    }

    /** GET with the session's bearer token, signing in again once if it expired. */
    PollClient.Answer get(URI uri, PollClient client) throws IOException, InterruptedException {
        if (bearer == null) signIn(client);
        try {
            return client.get(uri, Map.of("Authorization", "Bearer " + bearer));
        } catch (PollException e) {
            if (e.status() != 401) throw e;
            signIn(client);
            return client.get(uri, Map.of("Authorization", "Bearer " + bearer));
        }
    }

    private void signIn(PollClient client) throws IOException, InterruptedException {
        String body = Json.MAPPER.createObjectNode().put("identifier", username.resolve()).put("secret", accessToken.resolve()).toString();
        PollClient.Answer answer = client.postJson(base.resolve("/v2/auth/token"), body, Map.of());
        String token = answer.body() == null ? null : answer.body().path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw new PollException("POST " + base.resolve("/v2/auth/token") + ": no access_token in the answer", answer.status());
        }
        bearer = token;
    }
}
