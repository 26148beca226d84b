package org.mlops4j.monitoring.concept;

/**
 * Parameters of DDM, the Drift Detection Method of Gama, Medas, Castillo and Rodrigues,
 * "Learning with Drift Detection", SBIA 2004. Defaults are River's ({@code river.drift.binary.DDM}).
 *
 * @param warmStart observations to see before any warning or drift can be signalled (River: 30)
 * @param warningThreshold the warning level, in standard deviations above {@code p_min} (River: 2.0)
 * @param driftThreshold the drift level, in standard deviations above {@code p_min} (River: 3.0)
 */
public record DdmConfig(int warmStart, double warningThreshold, double driftThreshold) {

    /**
     * Validates the parameters.
     *
     * @param warmStart observations to see before any warning or drift can be signalled (River: 30)
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
     * Returns River's defaults: warm start 30, warning 2.0, drift 3.0.
     *
     * @return the default configuration
     */
    public static DdmConfig ofDefaults() {
        return new DdmConfig(30, 2.0, 3.0);
    }
}
