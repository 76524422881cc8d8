package dev.tokenwatch.rule;

import java.util.List;

/**
 * Reads and validates one rule type's own section of a rule file ({@code threshold:}, {@code sequence:},
 * ...) into that type's part of {@link Rule}. Each lives next to its type's detector; the loader reads
 * the fields every rule has and hands the rest to the section of the rule's type.
 *
 * @param <T> the section's record in {@link Rule}
 */
public interface RuleSection<T> {
    /** Reads the section, recording a problem for each bad value and carrying on. */
    T read(RuleReader in);

    /** Whether the rule must name its group_by fields; false for a type that keys its state otherwise. */
    default boolean requiresGroupBy() {
        return true;
    }

    /** The fields the rule's state is keyed by, given the section and the rule's group_by. */
    default List<String> groupBy(T section, List<String> declared) {
        return declared;
    }
}
