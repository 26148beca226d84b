package org.mlops4j.monitoring.concept;

/**
 * Parameters of ADWIN, the adaptive sliding window of Bifet and Gavaldà, "Learning from
 * Time-Changing Data with Adaptive Windowing", SIAM SDM 2007. Defaults are River's
 * ({@code river.drift.ADWIN}).
 *
 * @param delta confidence of the cut test; smaller means fewer false alarms (River: 0.002)
 * @param clock check for a cut every this many updates (River: 32)
 * @param maxBuckets buckets of one size kept before two are merged, the paper's M (River: 5)
 * @param minWindowLength the least length of each sub-window at a cut (River: 5)
 * @param gracePeriod no check until the window is longer than this (River: 10)
 */
public record AdwinConfig(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {

    /**
     * Validates the parameters.
     *
     * @param delta confidence of the cut test; smaller means fewer false alarms (River: 0.002)
     * @param clock check for a cut every this many updates (River: 32)
     * @param maxBuckets buckets of one size kept before two are merged, the paper's M (River: 5)
     * @param minWindowLength the least length of each sub-window at a cut (River: 5)
     * @param gracePeriod no check until the window is longer than this (River: 10)
     * @throws IllegalArgumentException if {@code delta} is outside (0, 1), {@code clock} or
     *     {@code minWindowLength} is below 1, {@code maxBuckets} below 2 or above 1000, or
     *     {@code gracePeriod} negative
     */
    public AdwinConfig {
        Checks.openUnit("delta", delta);
        Checks.atLeast("clock", clock, 1);
        Checks.atLeast("maxBuckets", maxBuckets, 2);
        if (maxBuckets > 1000) {
            throw new IllegalArgumentException("maxBuckets must be <= 1000 but was " + maxBuckets);
        }
        Checks.atLeast("minWindowLength", minWindowLength, 1);
        Checks.atLeast("gracePeriod", gracePeriod, 0);
    }

    /**
     * Returns River's defaults: delta 0.002, clock 32, 5 buckets per row, minimum sub-window 5,
     * grace period 10.
     *
     * @return the default configuration
     */
    public static AdwinConfig ofDefaults() {
        return new AdwinConfig(0.002, 32, 5, 5, 10);
    }
}
