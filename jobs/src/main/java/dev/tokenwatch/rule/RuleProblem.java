package dev.tokenwatch.rule;

/** One thing wrong with a rule file, pointing at the file, line and field. */
public record RuleProblem(String file, int line, String ruleId, String field, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + (ruleId == null ? "" : "rule " + ruleId + ": ")
                + (field == null ? "" : field + ": ") + message;
    }
}
