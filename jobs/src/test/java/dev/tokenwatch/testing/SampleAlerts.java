package dev.tokenwatch.testing;

/** What the shipped rules raise on the shipped samples, for the tests that index or replay them. */
public final class SampleAlerts {
    /** Distinct alert ids; {@code SamplesEndToEndTest} lists each one with the attack it belongs to. */
    public static final int COUNT = 22;

    private SampleAlerts() {}
}
