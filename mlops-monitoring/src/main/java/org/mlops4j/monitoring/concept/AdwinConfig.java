package org.mlops4j.monitoring.concept;

/**
 * Parameters of ADWIN, the adaptive sliding window of Bifet and Gavaldà, "Learning from
 * Time-Changing Data with Adaptive Windowing", SIAM SDM 2007. {@link #ofDefaults()} has River's and
 * MOA's parameters and, as MOA's {@code ADWINChangeDetector}, signals a drift only when a cut raises
 * the window's mean (a rising error rate); {@link #river()} signals every cut, as
 * {@code river.drift.ADWIN}. Either way every cut shrinks the window.
 *
 * @param delta confidence of the cut test; smaller means fewer false alarms (River: 0.002)
 * @param clock check for a cut every this many updates (River: 32)
 * @param maxBuckets buckets of one size kept before two are merged, the paper's M (River: 5)
 * @param minWindowLength the least length of each sub-window at a cut (River: 5)
 * @param gracePeriod no check until the window is longer than this (River: 10)
 * @param increasesOnly signal a drift only for a cut that raises the mean (default: true, River: false)
 */
public record AdwinConfig(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod,
        boolean increasesOnly) {

    /**
     * Validates the parameters.
     *
     * @param delta confidence of the cut test; smaller means fewer false alarms (River: 0.002)
     * @param clock check for a cut every this many updates (River: 32)
     * @param maxBuckets buckets of one size kept before two are merged, the paper's M (River: 5)
     * @param minWindowLength the least length of each sub-window at a cut (River: 5)
     * @param gracePeriod no check until the window is longer than this (River: 10)
     * @param increasesOnly signal a drift only for a cut that raises the mean (default: true, River: false)
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
     * These parameters, signalling every cut (River's behaviour): the meaning this constructor had
     * before the {@code increasesOnly} component was added.
     *
     * @param delta confidence of the cut test
     * @param clock check for a cut every this many updates
     * @param maxBuckets buckets of one size kept before two are merged
     * @param minWindowLength the least length of each sub-window at a cut
     * @param gracePeriod no check until the window is longer than this
     * @throws IllegalArgumentException as the canonical constructor
     * @deprecated say which cuts signal: {@code new AdwinConfig(delta, clock, maxBuckets,
     *     minWindowLength, gracePeriod, true)} for rises only (the default), {@code false} for every cut
     */
    @Deprecated
    public AdwinConfig(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
        this(delta, clock, maxBuckets, minWindowLength, gracePeriod, false);
    }

    /**
     * Returns the defaults for error indicators: delta 0.002, clock 32, 5 buckets per row, minimum
     * sub-window 5, grace period 10, drift signalled only when the mean rises (as MOA's
     * {@code ADWINChangeDetector}).
     *
     * @return the default configuration
     */
    public static AdwinConfig ofDefaults() {
        return new AdwinConfig(0.002, 32, 5, 5, 10, true);
    }

    /**
     * Returns River's defaults ({@code river.drift.ADWIN}): the parameters of {@link #ofDefaults()},
     * every cut signalled; the defaults of mlops4j before issue 21.
     *
     * @return River's configuration
     */
    public static AdwinConfig river() {
        return new AdwinConfig(0.002, 32, 5, 5, 10, false);
    }
}
