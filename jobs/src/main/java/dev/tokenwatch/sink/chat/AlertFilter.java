package dev.tokenwatch.sink.chat;

import dev.tokenwatch.alert.Alert;
import dev.tokenwatch.event.EventField;
import dev.tokenwatch.rule.Severity;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which alerts a destination gets. Every condition given must hold; an empty list places no condition.
 *
 * @param rules        rule ids
 * @param tags         the alert has at least one of these rule tags
 * @param repositories glob patterns ({@code acme/*}) of which the alert's repository matches one
 */
public record AlertFilter(Severity minSeverity, List<String> rules, List<String> tags, List<String> repositories)
        implements Serializable {
    public static AlertFilter all() {
        return new AlertFilter(Severity.LOW, List.of(), List.of(), List.of());
    }

    /** The globs compiled once per filter, not once per alert; rebuilt after deserialization. */
    private static final Map<List<String>, List<PathMatcher>> MATCHERS = new ConcurrentHashMap<>();

    public boolean accepts(Alert alert) {
        Severity severity = Severity.valueOf(alert.severity.toUpperCase(Locale.ROOT));
        if (severity.ordinal() < minSeverity.ordinal()) return false;
        if (!rules.isEmpty() && !rules.contains(alert.ruleId)) return false;
        if (!tags.isEmpty() && (alert.tags == null || Arrays.stream(alert.tags).noneMatch(tags::contains))) return false;
        if (repositories.isEmpty()) return true;
        Object repository = alert.event == null ? null : EventField.REPOSITORY_NAME.get(alert.event);
        if (repository == null) return false;
        Path path;
        try {
            path = Path.of(repository.toString());
        } catch (InvalidPathException hostileName) {
            return false; // a name no glob could be meant to match (a NUL in it, say)
        }
        return MATCHERS.computeIfAbsent(repositories, globs -> globs.stream()
                        .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList())
                .stream().anyMatch(m -> m.matches(path));
    }
}
