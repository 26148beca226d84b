package org.mlops4j.monitoring.concept;

import java.util.Objects;

/**
 * Parameters of EDDM, the Early Drift Detection Method of Baena-García, del Campo-Ávila, Fidalgo,
 * Bifet, Gavaldà and Morales-Bueno, 2006. {@link #ofDefaults()} follows the authors' own
 * implementation, MOA's {@code EDDM}; {@link #river()} follows River's ({@code river.drift.binary.EDDM}).
 *
 * @param warmStart observations, and errors, to see before any warning or drift (default and River: 30)
 * @param alpha warning when {@code (p' + 2s') / (p'max + 2s'max)} falls below this (default and River: 0.95)
 * @param beta drift when that ratio falls below this (default and River: 0.9)
 * @param convention how the distance deviation and the warm start are counted (default: MOA, River: RIVER)
 */
public record EddmConfig(int warmStart, double alpha, double beta, Convention convention) {

    /**
     * How {@code s'} and the warm start are counted. On a stable error stream at an error rate of 0.2,
     * both raise about 20 false alarms per 10,000 values (the method's ratio test is that noisy at
     * alpha 0.95, beta 0.9); River's raises 8% more there and on an abrupt shift to 0.5, and 30% more
     * on a small shift to 0.3 (the detection-quality harness, 30 seeds).
     */
    public enum Convention {
        /**
         * The authors' (MOA's {@code EDDM}): the population standard deviation of the distances, and
         * the maximum tracked from the {@code warmStart}-th observation on.
         */
        MOA,
        /**
         * River's: the sample standard deviation of the distances, and the maximum tracked once more
         * than {@code warmStart} observations have been seen.
         */
        RIVER
    }

    /**
     * Validates the parameters.
     *
     * @param warmStart observations, and errors, to see before any warning or drift (default and River: 30)
     * @param alpha warning when {@code (p' + 2s') / (p'max + 2s'max)} falls below this (default and River: 0.95)
     * @param beta drift when that ratio falls below this (default and River: 0.9)
     * @param convention how the distance deviation and the warm start are counted (default: MOA)
     * @throws NullPointerException if {@code convention} is null
     * @throws IllegalArgumentException if {@code warmStart} is negative, {@code alpha} or
     *     {@code beta} is outside (0, 1), or {@code alpha < beta}
     */
    public EddmConfig {
        Objects.requireNonNull(convention, "convention");
        Checks.atLeast("warmStart", warmStart, 0);
        Checks.openUnit("alpha", alpha);
        Checks.openUnit("beta", beta);
        if (alpha < beta) {
            throw new IllegalArgumentException("alpha must be >= beta (" + beta + ") but was " + alpha);
        }
    }

    /**
     * River's convention with these parameters: the meaning this constructor had before the
     * {@code convention} component was added.
     *
     * @param warmStart observations, and errors, to see before any warning or drift
     * @param alpha the warning ratio
     * @param beta the drift ratio
     * @throws IllegalArgumentException as the canonical constructor
     * @deprecated name the convention: {@code new EddmConfig(warmStart, alpha, beta, Convention.MOA)}
     *     for the defaults' counting, or {@link Convention#RIVER} for this one
     */
    @Deprecated
    public EddmConfig(int warmStart, double alpha, double beta) {
        this(warmStart, alpha, beta, Convention.RIVER);
    }

    /**
     * Returns the defaults: warm start 30, alpha 0.95, beta 0.9, the authors' (MOA's) counting. On
     * the detection-quality harness ({@code MoaQualityTest}) this detector answers exactly as MOA's
     * {@code EDDM} at its defaults.
     *
     * @return the default configuration
     */
    public static EddmConfig ofDefaults() {
        return new EddmConfig(30, 0.95, 0.9, Convention.MOA);
    }

    /**
     * Returns River's defaults: warm start 30, alpha 0.95, beta 0.9, River's counting; the defaults
     * of mlops4j before issue 21.
     *
     * @return River's configuration
     */
    public static EddmConfig river() {
        return new EddmConfig(30, 0.95, 0.9, Convention.RIVER);
    }
}
