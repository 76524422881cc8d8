package dev.tokenwatch.backtest;

/**
 * What was backtested, for the top of the report: which rule sets against which input.
 *
 * @param baselineRules null without a baseline
 */
public record ReportHeader(String candidateRules, String baselineRules, int files, long records, long events, long deadLetters) {}
