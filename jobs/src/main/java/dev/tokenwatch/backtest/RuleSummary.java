package dev.tokenwatch.backtest;

/**
 * One row of the backtest: what a rule did over the input in the candidate set and, with a baseline,
 * in the baseline set and how the two differ. A rule missing (or disabled) in one set has zero
 * alerts there, so all its alerts count as added or removed.
 *
 * @param perDay candidate alerts per day of the result's {@link DayRange}
 * @param baselinePerDay the same for the baseline; all zero without a baseline
 */
public record RuleSummary(String id, String name, boolean inCandidate, boolean inBaseline,
                          long alerts, long distinctKeys, long[] perDay,
                          long baselineAlerts, long[] baselinePerDay,
                          long added, long removed, long changed) {

    /** "candidate only", "baseline only" or empty: said in the table so a missing row is not read as a quiet rule. */
    public String presence(boolean hasBaseline) {
        if (!hasBaseline || (inCandidate && inBaseline)) return "";
        return inCandidate ? "candidate only" : "baseline only";
    }
}
