package dev.tokenwatch.rule;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One detection rule as loaded and validated from its YAML file. Immutable; shipped inside the job
 * graph, so it stays plain serializable data (conditions are compiled where they run).
 */
public record Rule(
        String id,
        String name,
        String description,
        Severity severity,
        int riskScore,
        Threat threat,
        List<String> tags,
        boolean enabled,
        RuleType type,
        String condition,
        List<String> groupBy,
        String reason,
        Suppression suppression,
        NewValue newValue,
        Indicator indicator,
        String file) implements Serializable {

    /** MITRE ATT&CK mapping. */
    public record Threat(String tacticId, String tacticName, String techniqueId, String techniqueName) implements Serializable {}

    /** Same rule and same values of {@code by} within {@code periodMillis}: one alert with a count. */
    public record Suppression(long periodMillis, List<String> by) implements Serializable {}

    public record NewValue(List<String> fields, long learningPeriodMillis, long historyWindowMillis) implements Serializable {}

    /**
     * @param field the event field whose value is looked up
     * @param listed values from the list files, loaded with the rule
     * @param listFiles where they came from, for the alert reason
     * @param learnCondition events that add their value of {@code field} to the list, or null
     * @param ttlMillis how long a learned value stays listed
     */
    public record Indicator(String field, Set<String> listed, List<String> listFiles, String learnCondition, long ttlMillis)
            implements Serializable {}
}
