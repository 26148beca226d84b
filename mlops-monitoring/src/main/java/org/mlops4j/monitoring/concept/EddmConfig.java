package org.mlops4j.monitoring.concept;

/**
 * Parameters of EDDM, the Early Drift Detection Method of Baena-García, del Campo-Ávila, Fidalgo,
 * Bifet, Gavaldà and Morales-Bueno, 2006. Defaults are River's ({@code river.drift.binary.EDDM}).
 *
 * @param warmStart observations, and errors, to see before any warning or drift (River: 30)
 * @param alpha warning when {@code (p' + 2s') / (p'max + 2s'max)} falls below this (River: 0.95)
 * @param beta drift when that ratio falls below this (River: 0.9)
 */
public record EddmConfig(int warmStart, double alpha, double beta) {

    /**
     * Validates the parameters.
     *
     * @param warmStart observations, and errors, to see before any warning or drift (River: 30)
     * @param alpha warning when {@code (p' + 2s') / (p'max + 2s'max)} falls below this (River: 0.95)
     * @param beta drift when that ratio falls below this (River: 0.9)
     * @throws IllegalArgumentException if {@code warmStart} is negative, {@code alpha} or
     *     {@code beta} is outside (0, 1), or {@code alpha < beta}
     */
    public EddmConfig {
        Checks.atLeast("warmStart", warmStart, 0);
        Checks.openUnit("alpha", alpha);
        Checks.openUnit("beta", beta);
        if (alpha < beta) {
            throw new IllegalArgumentException("alpha must be >= beta (" + beta + ") but was " + alpha);
        }
    }

    /**
     * Returns River's defaults: warm start 30, alpha 0.95, beta 0.9.
     *
     * @return the default configuration
     */
    public static EddmConfig ofDefaults() {
        return new EddmConfig(30, 0.95, 0.9);
    }
}
