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
        Threshold threshold,
        Sequence sequence,
        GeoVelocity geoVelocity,
        Epl epl,
        Dormant dormant,
        String file) implements Serializable {

    /** MITRE ATT&CK mapping. */
    public record Threat(String tacticId, String tacticName, String techniqueId, String techniqueName) implements Serializable {}

    /** Same rule and same values of {@code by} within {@code periodMillis}: one alert with a count. */
    public record Suppression(long periodMillis, List<String> by) implements Serializable {}

    /**
     * First values of {@code fields} per key, most telling field first; the first new one names the detection.
     * With {@code knownClients}, new values seen with a client ({@code user_agent.original}) the key used
     * within the history window are learned without a detection: the owner's own machine on a new network.
     */
    public record NewValue(List<NewValueField> fields, long learningPeriodMillis, long historyWindowMillis, boolean knownClients)
            implements Serializable {}

    /**
     * One field a new value of which is a detection.
     *
     * @param path      the event field
     * @param otherwise the fields to go by, in order, when {@code path} has no value (the prefix for an address
     *                  without AS data; the account for a source that gives no address); empty for none
     * @param severity  the alert's severity when this field is what is new, or null for the rule's
     * @param riskScore the alert's risk score then, or null for the rule's
     * @param sharedBy  a value seen on a network that at least this many other entities use routinely
     *                  ({@code source.network.shared_by}) is learned without a detection; null: always new
     * @param unlessFamiliar a value seen on a network the event's own account uses routinely
     *                  ({@code source.network.familiar}) is learned without a detection
     * @param learningPeriodMillis this field's own learning period, or null for the rule's
     * @param unless    a condition under which this field's new value is learned without a detection, or null
     */
    public record NewValueField(String path, List<String> otherwise, Severity severity, Integer riskScore, Long sharedBy,
                                boolean unlessFamiliar, Long learningPeriodMillis, String unless) implements Serializable {
        /** A field with the rule's severity and no fallback. */
        public static NewValueField of(String path) {
            return new NewValueField(path, List.of(), null, null, null, false, null, null);
        }
    }

    /**
     * @param field the event field whose value is looked up
     * @param listed values from the list files, loaded with the rule
     * @param listFiles where they came from, for the alert reason
     * @param learnCondition events that add a value to the list, or null
     * @param learnField the field whose value those events add (default: {@code field})
     * @param ttlMillis how long a learned value stays listed
     */
    public record Indicator(String field, Set<String> listed, List<String> listFiles, String learnCondition,
                            String learnField, long ttlMillis) implements Serializable {}

    /**
     * At least {@code count} events, or distinct values of {@code distinctField}, per group key within
     * the window: sliding (the last {@code windowMillis}) or tumbling (aligned to multiples of it).
     */
    public record Threshold(long windowMillis, boolean tumbling, long count, String distinctField, Baseline baseline) implements Serializable {}

    /**
     * What a key does routinely is no detection: crossings in its first {@code learningPeriodMillis} are
     * learned silently, and later only a count above {@code factor} times its own peak (remembered for
     * {@code historyMillis}) is one. A nightly scanner pulling every repository stays quiet; a developer's
     * token suddenly doing it does not.
     */
    public record Baseline(long learningPeriodMillis, long historyMillis, double factor) implements Serializable {}

    /** Ordered steps per group key, all within {@code withinMillis} of the first step's first event. */
    public record Sequence(long withinMillis, List<Step> steps) implements Serializable {}

    /**
     * One step: {@code count} events meeting {@code condition}; an {@code absent} (last) step completes
     * the sequence when no such event arrives before the window ends.
     */
    public record Step(String name, String condition, int count, boolean absent) implements Serializable {}

    /**
     * A raw Esper EPL statement, run per group key; any output for the key's latest event is a
     * detection. The key's events of the last {@code windowMillis} are kept in Flink state, so the
     * statement's own state can be rebuilt after a restore: the window must cover what it looks back on.
     *
     * @param initiatedBy the statement's first step as a condition, or null: see {@code EplProgram}
     */
    public record Epl(String statement, long windowMillis, String initiatedBy) implements Serializable {}

    /** A key used again after at least {@code gapMillis} of silence; its last use is remembered for {@code ttlMillis}. */
    /**
     * @param samePrefixIsSchedule a key woken in the /24 or /48 of its last use is its own schedule (a
     *                             quarterly job on its cluster), not a leak: no detection
     */
    public record Dormant(long gapMillis, long ttlMillis, boolean samePrefixIsSchedule) implements Serializable {}

    /**
     * Impossible travel: consecutive geolocated uses further apart than {@code minDistanceKm}, faster than
     * {@code maxSpeedKmh}, both after taking the two locations' accuracy radii off the distance (when
     * {@code subtractAccuracy}); a location without a city never counts for a hop inside its country,
     * and hops inside one network (AS, else prefix) are not travel; nor, with {@code sharedBy} set, a
     * hop between two networks that at least that many other accounts use routinely (a VPN's exits);
     * nor, with {@code knownNetworks}, a hop to a network the key used before within the ttl (its own
     * VPN switched on and off, its phone's hotspot); in its first {@code learningPeriodMillis} a key's
     * hops only teach it networks; nor, with {@code knownClients}, a hop made by a client
     * ({@code user_agent.original}) the key used before within the ttl: one machine whose network
     * changed (a VPN switched, a hotspot), not a second holder of the credentials.
     */
    public record GeoVelocity(double maxSpeedKmh, double minDistanceKm, long ttlMillis, boolean subtractAccuracy, Long sharedBy,
                              boolean knownNetworks, long learningPeriodMillis, boolean knownClients) implements Serializable {}
}
