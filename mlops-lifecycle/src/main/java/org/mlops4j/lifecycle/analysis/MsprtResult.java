package org.mlops4j.lifecycle.analysis;

import java.util.Objects;

/**
 * The state of an {@link Msprt} at one look.
 *
 * @param decision          CONTINUE until the always-valid p-value drops below alpha, then the
 *                          direction of the difference at that moment, kept from then on
 * @param pValue            always-valid p-value: non-increasing, in {@code [0, 1]}
 * @param thetaHat          treatment failure rate minus control failure rate
 * @param variance          estimated variance of {@code thetaHat}
 * @param lambda            mixture likelihood ratio at this look ({@code +Infinity} when the
 *                          arms are perfectly separated and the variance estimate is 0)
 * @param controlFailures   control failures counted so far
 * @param controlTrials     control trials counted so far
 * @param treatmentFailures treatment failures counted so far
 * @param treatmentTrials   treatment trials counted so far
 */
public record MsprtResult(Decision decision, double pValue, double thetaHat, double variance,
                          double lambda, long controlFailures, long controlTrials,
                          long treatmentFailures, long treatmentTrials) {

    /** What the test says so far. */
    public enum Decision {
        /** Not enough evidence yet: keep collecting. */
        CONTINUE,
        /** The treatment's failure rate is higher than the control's (p-value below alpha). */
        TREATMENT_WORSE,
        /** The treatment's failure rate is lower than the control's (two-sided tests only). */
        TREATMENT_BETTER
    }

    /**
     * Validates the result.
     *
     * @param decision CONTINUE until the always-valid p-value drops below alpha, then the
     *     direction of the difference at that moment, kept from then on
     * @param pValue always-valid p-value: non-increasing, in {@code [0, 1]}
     * @param thetaHat treatment failure rate minus control failure rate
     * @param variance estimated variance of {@code thetaHat}
     * @param lambda mixture likelihood ratio at this look ({@code +Infinity} when the
     *     arms are perfectly separated and the variance estimate is 0)
     * @param controlFailures control failures counted so far
     * @param controlTrials control trials counted so far
     * @param treatmentFailures treatment failures counted so far
     * @param treatmentTrials treatment trials counted so far
     * @throws NullPointerException if {@code decision} is null
     */
    public MsprtResult {
        Objects.requireNonNull(decision, "decision");
    }

    /**
     * Whether the test has reached a decision and may stop.
     *
     * @return {@code decision() != CONTINUE}
     */
    public boolean stopped() {
        return decision != Decision.CONTINUE;
    }
}
