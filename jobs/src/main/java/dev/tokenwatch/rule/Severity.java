package dev.tokenwatch.rule;

/** Alert severity with the risk-score band each one allows (the bands Elastic's rules use). */
public enum Severity {
    LOW(0, 21), MEDIUM(22, 47), HIGH(48, 73), CRITICAL(74, 100);

    public final int minRisk;
    public final int maxRisk;

    Severity(int minRisk, int maxRisk) {
        this.minRisk = minRisk;
        this.maxRisk = maxRisk;
    }

    public String label() {
        return name().toLowerCase();
    }
}
