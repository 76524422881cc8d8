package dev.tokenwatch.rule;

import dev.tokenwatch.event.EventField;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The known event field path (or key, or name) closest to a misspelt one, so an error can say what was probably meant.
 * Closest by Levenshtein distance; a path more than a few edits away is a different field, not a typo.
 */
public final class FieldSuggestion {
    /** Typos are one or two slips; at three, short paths already match unrelated fields (token.nope and token.scopes). */
    static final int MAX_EDITS = 2;

    /** How Esper names a property it does not know in a condition or statement. */
    private static final Pattern ESPER_UNKNOWN_PROPERTY = Pattern.compile("Failed to resolve property '([^']+)'");

    private static final List<String> EVENT_FIELDS = Arrays.stream(EventField.values()).map(f -> f.path).toList();

    private FieldSuggestion() {}

    /** {@code " (did you mean repository.visibility?)"}, or "" when no known path is close enough. */
    static String didYouMean(String unknown) {
        return didYouMean(unknown, EVENT_FIELDS);
    }

    /** {@code " (did you mean max_attempts?)"}, or "" when none of {@code known} is close enough. */
    public static String didYouMean(String unknown, Collection<String> known) {
        return nearest(unknown, known).map(path -> " (did you mean " + path + "?)").orElse("");
    }

    /** The suggestion for the property an Esper compile error could not resolve, or "". */
    static String forEsperError(String message) {
        Matcher m = ESPER_UNKNOWN_PROPERTY.matcher(message);
        return m.find() ? didYouMean(m.group(1)) : "";
    }

    static Optional<String> nearest(String unknown) {
        return nearest(unknown, EVENT_FIELDS);
    }

    private static Optional<String> nearest(String unknown, Collection<String> known) {
        return known.stream()
                .filter(path -> distance(unknown, path) <= MAX_EDITS)
                .min(Comparator.comparingInt((String path) -> distance(unknown, path)).thenComparing(path -> path));
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one row of the table at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
