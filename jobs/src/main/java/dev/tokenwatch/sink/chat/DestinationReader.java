package dev.tokenwatch.sink.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenwatch.rule.FieldSuggestion;
import dev.tokenwatch.rule.RuleReader;
import dev.tokenwatch.rule.Severity;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code destinations} of a routes file, every problem at its line. */
final class DestinationReader {
    private static final Set<String> KEYS = Set.of("name", "type", "url", "secret", "min_severity", "rules", "tags",
            "repositories", "rate_limit");
    private static final Set<String> RATE_LIMIT_KEYS = Set.of("messages", "per");

    private final RuleReader in;
    private final ReferenceCheck references;
    /** The rule ids a destination may name; null when they are not checked. */
    private final Set<String> knownRuleIds;

    DestinationReader(RuleReader in, ReferenceCheck references, Set<String> knownRuleIds) {
        this.in = in;
        this.references = references;
        this.knownRuleIds = knownRuleIds;
    }

    List<Destination> read() {
        JsonNode list = in.at("destinations");
        if (list == null) return List.of();
        if (!list.isArray()) {
            in.problem("destinations", "expected a list of destinations ([] for none)");
            return List.of();
        }
        List<Destination> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "destinations[" + i + "]";
            if (!list.get(i).isObject()) {
                in.problem(at, "expected a mapping with name, type and url");
                continue;
            }
            Destination destination = destination(at);
            String previous = destination.name() == null ? null : seen.putIfAbsent(destination.name(), at);
            if (previous != null) in.problem(at + ".name", "duplicate name '" + destination.name() + "', also " + previous);
            out.add(destination);
        }
        return List.copyOf(out);
    }

    private Destination destination(String at) {
        in.knownKeys(at, KEYS);
        String name = in.text(at + ".name", true);
        DestinationType type = in.enumValue(at + ".type", DestinationType.class, true);
        String url = in.text(at + ".url", true);
        SecretValue urlValue = url == null ? null : new SecretValue(url);
        if (urlValue != null) references.url(at + ".url", urlValue);
        return new Destination(name, type, urlValue, secret(at, type), filter(at), rateLimit(at + ".rate_limit"));
    }

    /** A generic webhook signs its requests; the chat tools authenticate by the URL alone and would not check a signature. */
    private SecretValue secret(String at, DestinationType type) {
        String path = at + ".secret";
        boolean given = in.at(path) != null;
        if (type == DestinationType.WEBHOOK && !given) {
            in.problem(path, "required for type webhook: the key that signs each request (HMAC-SHA256)");
        } else if (type != null && type != DestinationType.WEBHOOK && given) {
            in.problem(path, "only for type webhook: " + type.yamlName + " authenticates by its URL");
        }
        String secret = in.text(path, false);
        if (secret == null) return null;
        SecretValue value = new SecretValue(secret);
        references.secret(path, value);
        return value;
    }

    private AlertFilter filter(String at) {
        Severity minSeverity = in.enumValue(at + ".min_severity", Severity.class, false);
        List<String> rules = in.strings(at + ".rules", false);
        if (knownRuleIds != null) {
            for (int i = 0; i < rules.size(); i++) {
                if (!knownRuleIds.contains(rules.get(i))) {
                    in.problem(at + ".rules[" + i + "]", "no rule with id '" + rules.get(i) + "'"
                            + FieldSuggestion.didYouMean(rules.get(i), knownRuleIds));
                }
            }
        }
        List<String> tags = in.strings(at + ".tags", false);
        List<String> repositories = in.strings(at + ".repositories", false);
        for (int i = 0; i < repositories.size(); i++) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + repositories.get(i));
            } catch (IllegalArgumentException e) {
                in.problem(at + ".repositories[" + i + "]", "'" + repositories.get(i) + "' is not a glob like acme/*");
            }
        }
        return new AlertFilter(minSeverity == null ? Severity.LOW : minSeverity, rules, tags, repositories);
    }

    private RateLimit rateLimit(String path) {
        RateLimit defaults = RateLimit.defaults();
        JsonNode node = in.at(path);
        if (node == null) return defaults;
        if (!node.isObject()) {
            in.problem(path, "expected {messages: 30, per: 5m}");
            return defaults;
        }
        in.knownKeys(path, RATE_LIMIT_KEYS);
        Long messages = in.atLeastOne(path + ".messages", "messages per period");
        return new RateLimit(messages == null ? defaults.messages() : messages.intValue(), in.positiveDuration(path + ".per", defaults.per()));
    }
}
