package dev.tokenwatch.sink.chat;

import dev.tokenwatch.rule.RuleReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a routes file's URLs and secrets. What the file itself gets wrong goes to the file's problems; what depends on
 * the environment they are resolved in (an unset variable, an unreadable file, a value that is no URL) goes to the
 * environment's. No message shows a value: a webhook URL is as much a credential as a secret.
 */
final class ReferenceCheck {
    private final RuleReader file;
    private final RuleReader environment;
    private final Function<String, String> env;

    ReferenceCheck(RuleReader file, RuleReader environment, Function<String, String> env) {
        this.file = file;
        this.environment = environment;
        this.env = env;
    }

    void url(String path, SecretValue url) {
        if (!url.isReference()) {
            if (!isHttpUrl(url.reference())) file.problem(path, "not an http(s) URL");
            return;
        }
        resolve(path, url).filter(value -> !isHttpUrl(value))
                .ifPresent(value -> environment.problem(path, "the value of " + url.source() + " is not an http(s) URL"));
    }

    void secret(String path, SecretValue secret) {
        resolve(path, secret).filter(String::isBlank)
                .ifPresent(value -> environment.problem(path, "the value of " + secret.source() + " is empty"));
    }

    private Optional<String> resolve(String path, SecretValue value) {
        try {
            return Optional.of(value.resolve(env));
        } catch (UnresolvableSecretException e) {
            environment.problem(path, e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
