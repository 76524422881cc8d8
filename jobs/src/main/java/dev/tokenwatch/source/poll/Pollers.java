package dev.tokenwatch.source.poll;

import dev.tokenwatch.sink.chat.SecretValue;
import dev.tokenwatch.sink.chat.UnresolvableSecretException;
import java.net.URI;
import java.util.function.Function;

/**
 * Pollers from their command-line names, with credentials from the environment (a {@code _FILE} variable names a
 * file holding the secret, for container secrets). Credentials are checked here, where a user reads the message,
 * and resolved again where the job runs.
 */
public final class Pollers {
    public static final String DOCKERHUB_USERNAME = "TOKENWATCH_DOCKERHUB_USERNAME";
    public static final String DOCKERHUB_TOKEN = "TOKENWATCH_DOCKERHUB_TOKEN";
    public static final String HARBOR_USERNAME = "TOKENWATCH_HARBOR_USERNAME";
    public static final String HARBOR_PASSWORD = "TOKENWATCH_HARBOR_PASSWORD";
    public static final String FORMS = "dockerhub-audit:ORGANIZATION, dockerhub-tokens:USER or harbor-audit:URL";

    private Pollers() {}

    /**
     * @param spec {@code dockerhub-audit:ORG}, {@code dockerhub-tokens:USER} or {@code harbor-audit:https://harbor.example.com}
     * @param dockerHub the Docker Hub API's address (another one for a proxy or a test)
     * @throws IllegalArgumentException naming the spec and what is wrong or missing
     */
    public static Poller of(String spec, URI dockerHub, Function<String, String> env) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String target = colon < 0 ? "" : spec.substring(colon + 1);
        if (target.isBlank()) throw new IllegalArgumentException("--poll " + spec + ": expected " + FORMS);
        return switch (kind) {
            case "dockerhub-audit" -> new DockerHubAuditPoller(target, dockerHubSession(spec, dockerHub, env));
            case "dockerhub-tokens" -> new DockerHubTokenPoller(target, dockerHubSession(spec, dockerHub, env));
            case "harbor-audit" -> {
                URI base = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
                if (base.getScheme() == null || base.getHost() == null) {
                    throw new IllegalArgumentException("--poll " + spec + ": " + target + " is not a URL like https://harbor.example.com");
                }
                yield new HarborAuditPoller(base, secret(spec, HARBOR_USERNAME, env), secret(spec, HARBOR_PASSWORD, env));
            }
            default -> throw new IllegalArgumentException("--poll " + spec + ": unknown source '" + kind + "'; expected " + FORMS);
        };
    }

    private static DockerHubSession dockerHubSession(String spec, URI base, Function<String, String> env) {
        return new DockerHubSession(base, secret(spec, DOCKERHUB_USERNAME, env), secret(spec, DOCKERHUB_TOKEN, env));
    }

    /** {@code NAME} from the environment, or the file {@code NAME_FILE} names. */
    private static SecretValue secret(String spec, String name, Function<String, String> env) {
        String file = env.apply(name + "_FILE");
        SecretValue value = new SecretValue(file != null ? "file:" + file : "${" + name + "}");
        try {
            value.resolve(env);
        } catch (UnresolvableSecretException e) {
            throw new IllegalArgumentException("--poll " + spec + " needs " + name + " (or " + name + "_FILE): " + e.getMessage());
        }
        return value;
    }
}
