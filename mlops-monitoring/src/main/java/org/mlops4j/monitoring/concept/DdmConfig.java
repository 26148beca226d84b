package org.mlops4j.monitoring.concept;

/**
 * Parameters of DDM, the Drift Detection Method of Gama, Medas, Castillo and Rodrigues,
 * "Learning with Drift Detection", SBIA 2004. {@link #ofDefaults()} is MOA's {@code DDM} at its
 * defaults, observation for observation; {@link #river()} is River's ({@code river.drift.binary.DDM}).
 *
 * @param warmStart observations to see before the minimum of {@code p + s} is tracked and a warning or
 *     drift can be signalled: both start at observation {@code warmStart + 1} (default 28, River: 30)
 * @param warningThreshold the warning level, in standard deviations above {@code p_min} (River: 2.0)
 * @param driftThreshold the drift level, in standard deviations above {@code p_min} (River: 3.0)
 */
public record DdmConfig(int warmStart, double warningThreshold, double driftThreshold) {

    /**
     * Validates the parameters.
     *
     * @param warmStart observations to see before the minimum is tracked and a warning or drift can be
     *     signalled (default 28, River: 30)
     * @param warningThreshold the warning level, in standard deviations above {@code p_min} (River: 2.0)
     * @param driftThreshold the drift level, in standard deviations above {@code p_min} (River: 3.0)
     * @throws IllegalArgumentException if {@code warmStart} is negative, a threshold is not finite
     *     and positive, or {@code driftThreshold < warningThreshold}
     */
    public DdmConfig {
        Checks.atLeast("warmStart", warmStart, 0);
        Checks.positive("warningThreshold", warningThreshold);
        Checks.positive("driftThreshold", driftThreshold);
        if (driftThreshold < warningThreshold) {
            throw new IllegalArgumentException("driftThreshold must be >= warningThreshold ("
                    + warningThreshold + ") but was " + driftThreshold);
        }
    }

    /**
     * Returns the defaults: warm start 28, warning 2.0, drift 3.0. MOA's {@code DDM} with its
     * {@code minNumInstances} of 30 counts from 1 and tracks the minimum from its 29th observation,
     * so warm start 28 here is MOA's detector: on the detection-quality harness
     * ({@code MoaQualityTest}) it raises the same alarms at the same observations. River's count (30)
     * starts two observations later and misses one more small shift in 30 there.
     *
     * @return the default configuration
     */
    public static DdmConfig ofDefaults() {
        return new DdmConfig(28, 2.0, 3.0);
    }

    /**
     * Returns River's defaults ({@code river.drift.binary.DDM}): warm start 30, warning 2.0, drift
     * 3.0; the defaults of mlops4j before issue 21.
     *
     * @return River's configuration
     */
    public static DdmConfig river() {
        return new DdmConfig(30, 2.0, 3.0);
    }
}
