package dev.tokenwatch.sink.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.rule.RuleProblem;
import dev.tokenwatch.rule.RuleReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads a routes file ({@code rules/routes.yaml}: which alerts go to which chat) and validates all of it the way rule
 * files are, every problem with file, line and field.
 */
public final class RoutesFile {
    private static final Set<String> KEYS = Set.of("kibana_url", "delivery", "destinations");
    private static final Set<String> DELIVERY_KEYS = Set.of("timeout", "max_attempts", "first_backoff", "max_backoff", "concurrency");

    private RoutesFile() {}

    /**
     * @param routes     null when there are problems
     * @param problems   what is wrong with the file itself, an error wherever it is loaded
     * @param unresolved what the environment it was loaded in cannot resolve: unset variables, unreadable files, values
     *                   that are not http(s) URLs. An error where the job runs, a warning where the file is only checked
     *                   (CI has none of the secrets).
     */
    public record Result(Routes routes, List<RuleProblem> problems, List<RuleProblem> unresolved) {}

    /** With the process environment and no check of rule ids. */
    public static Result load(Path file) {
        return load(file, System::getenv);
    }

    public static Result load(Path file, Function<String, String> env) {
        return load(file, env, null);
    }

    /** @param knownRuleIds the ids a destination's {@code rules} may name; null to not check them */
    public static Result load(Path file, Function<String, String> env, Set<String> knownRuleIds) {
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleProblem> unresolved = new ArrayList<>();
        Optional<RuleReader> reader = read(file, problems)
                .flatMap(text -> RuleReader.parse(file.toString(), text, "kibana_url, delivery and destinations", problems));
        if (reader.isEmpty()) return new Result(null, problems, unresolved);
        RuleReader in = reader.get();
        ReferenceCheck references = new ReferenceCheck(in, in.reportingTo(unresolved), env);

        in.knownKeys("", KEYS);
        String kibanaUrl = in.text("kibana_url", false);
        if (kibanaUrl != null) references.url("kibana_url", new SecretValue(kibanaUrl));
        DeliveryPolicy delivery = delivery(in);
        List<Destination> destinations = new DestinationReader(in, references, knownRuleIds).read();
        Routes routes = problems.isEmpty() ? new Routes(kibanaUrl, delivery, destinations) : null;
        return new Result(routes, problems, unresolved);
    }

    private static Optional<String> read(Path file, List<RuleProblem> problems) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            problems.add(new RuleProblem(file.toString(), 1, null, null, "routes file not found"));
        } catch (IOException e) {
            problems.add(new RuleProblem(file.toString(), 1, null, null, "cannot read: " + e));
        }
        return Optional.empty();
    }

    private static DeliveryPolicy delivery(RuleReader in) {
        DeliveryPolicy defaults = DeliveryPolicy.defaults();
        JsonNode node = in.at("delivery");
        if (node == null) return defaults;
        if (!node.isObject()) {
            in.problem("delivery", "expected a mapping with " + DELIVERY_KEYS.stream().sorted().toList());
            return defaults;
        }
        in.knownKeys("delivery", DELIVERY_KEYS);
        Long attempts = in.atLeastOne("delivery.max_attempts", "tries in all, the first one included");
        Long concurrency = in.atLeastOne("delivery.concurrency", "requests at once per destination");
        Duration firstBackoff = in.positiveDuration("delivery.first_backoff", defaults.firstBackoff());
        Duration maxBackoff = in.positiveDuration("delivery.max_backoff", defaults.maxBackoff());
        if (maxBackoff.compareTo(firstBackoff) < 0) in.problem("delivery.max_backoff", "must not be shorter than first_backoff");
        return new DeliveryPolicy(in.positiveDuration("delivery.timeout", defaults.timeout()),
                attempts == null ? defaults.maxAttempts() : attempts.intValue(), firstBackoff, maxBackoff,
                concurrency == null ? defaults.concurrency() : concurrency.intValue());
    }
}
