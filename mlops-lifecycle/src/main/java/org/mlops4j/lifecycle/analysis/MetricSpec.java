package org.mlops4j.lifecycle.analysis;

import java.util.Objects;

/**
 * How {@link CanaryJudge} treats one metric: which direction of change is bad, the metric's weight
 * in the score, whether a failure fails the whole analysis, and the relative shift that is
 * tolerated.
 *
 * <p>Start from a factory and refine with the withers, each of which returns a new spec:
 * {@code MetricSpec.lowerIsBetter("latency_ms").critical().tolerance(0.1)}.
 *
 * @param name       the metric's name, the key of the sample maps given to
 *                   {@link CanaryJudge#judge(java.util.Map, java.util.Map)}; not blank
 * @param direction  which change of the experiment relative to the control counts as a failure
 * @param weight     the metric's weight in the score; finite and {@code > 0}
 * @param isCritical whether a failure of this metric fails the analysis whatever the score
 * @param tolerance  the shift tolerated relative to the control median: {@code 0.1} passes a
 *                   metric whose whole confidence interval of the shift lies within
 *                   {@code ±10% * |control median|}; finite and {@code >= 0}
 */
public record MetricSpec(String name, Direction direction, double weight, boolean isCritical,
                         double tolerance) {

    /** Which change of the experiment relative to the control is a failure. */
    public enum Direction {
        /** A higher experiment (classification HIGH) fails: latency, error rate, memory. */
        INCREASE_IS_BAD,
        /** A lower experiment (classification LOW) fails: throughput, accuracy, conversions. */
        DECREASE_IS_BAD,
        /** Any significant change (HIGH or LOW) fails. */
        EITHER
    }

    /**
     * Validates the spec.
     *
     * @param name the metric's name, the key of the sample maps given to
     *     {@link CanaryJudge#judge(java.util.Map, java.util.Map)}; not blank
     * @param direction which change of the experiment relative to the control counts as a failure
     * @param weight the metric's weight in the score; finite and {@code > 0}
     * @param isCritical whether a failure of this metric fails the analysis whatever the score
     * @param tolerance the shift tolerated relative to the control median: {@code 0.1} passes a
     *     metric whose whole confidence interval of the shift lies within
     *     {@code ±10% * |control median|}; finite and {@code >= 0}
     * @throws NullPointerException     if {@code name} or {@code direction} is null
     * @throws IllegalArgumentException if the name is blank, the weight is not finite and
     *                                  positive, or the tolerance is not finite and non-negative
     */
    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "weight of metric '" + name + "' must be finite and > 0 but was " + weight);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException(
                    "tolerance of metric '" + name + "' must be finite and >= 0 but was " + tolerance);
        }
    }

    /**
     * A metric for which an increase is bad (latency, errors), weight 1, not critical, no tolerance.
     *
     * @param name the metric's name
     * @return the spec
     */
    public static MetricSpec lowerIsBetter(String name) {
        return new MetricSpec(name, Direction.INCREASE_IS_BAD, 1.0, false, 0.0);
    }

    /**
     * A metric for which a decrease is bad (throughput, accuracy), weight 1, not critical, no
     * tolerance.
     *
     * @param name the metric's name
     * @return the spec
     */
    public static MetricSpec higherIsBetter(String name) {
        return new MetricSpec(name, Direction.DECREASE_IS_BAD, 1.0, false, 0.0);
    }

    /**
     * A metric for which any significant change is bad, weight 1, not critical, no tolerance.
     *
     * @param name the metric's name
     * @return the spec
     */
    public static MetricSpec anyChangeIsBad(String name) {
        return new MetricSpec(name, Direction.EITHER, 1.0, false, 0.0);
    }

    /**
     * This spec marked critical: its failure makes the verdict FAIL whatever the score.
     *
     * @return a new spec
     */
    public MetricSpec critical() {
        return new MetricSpec(name, direction, weight, true, tolerance);
    }

    /**
     * This spec with another weight.
     *
     * @param newWeight finite and {@code > 0}
     * @return a new spec
     * @throws IllegalArgumentException if the weight is invalid
     */
    public MetricSpec weight(double newWeight) {
        return new MetricSpec(name, direction, newWeight, isCritical, tolerance);
    }

    /**
     * This spec with another relative tolerance.
     *
     * @param newTolerance finite and {@code >= 0}, a fraction of the control median's magnitude
     * @return a new spec
     * @throws IllegalArgumentException if the tolerance is invalid
     */
    public MetricSpec tolerance(double newTolerance) {
        return new MetricSpec(name, direction, weight, isCritical, newTolerance);
    }

    /** Whether a shift classified {@code classification} is a failure for this metric. */
    boolean fails(MetricJudgement.Classification classification) {
        return switch (classification) {
            case HIGH -> direction != Direction.DECREASE_IS_BAD;
            case LOW -> direction != Direction.INCREASE_IS_BAD;
            case PASS, NODATA -> false;
        };
    }
}
