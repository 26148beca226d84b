package org.mlops4j.monitoring.concept;

import java.util.Objects;

/**
 * Parameters of the Page-Hinkley test (E. S. Page, "Continuous Inspection Schemes", Biometrika
 * 1954; as used for drift detection by Mouss et al. 2004 and Gama's "Knowledge Discovery from Data
 * Streams"). Defaults are River's ({@code river.drift.PageHinkley}).
 *
 * @param minInstances observations to see before a drift can be signalled (River: 30)
 * @param delta the magnitude of change tolerated, in the unit of the input (River: 0.005)
 * @param threshold the detection threshold lambda, in input unit times samples (River: 50)
 * @param alpha forgetting factor applied to the cumulative sums (River: 0.9999)
 * @param mode which direction of change to detect (River: both)
 */
public record PageHinkleyConfig(int minInstances, double delta, double threshold, double alpha, Mode mode) {

    /** The direction of change the test watches. */
    public enum Mode {
        /** Only increases of the mean. */
        UP,
        /** Only decreases of the mean. */
        DOWN,
        /** Increases and decreases (two one-sided tests). */
        BOTH
    }

    /**
     * Validates the parameters.
     *
     * @param minInstances observations to see before a drift can be signalled (River: 30)
     * @param delta the magnitude of change tolerated, in the unit of the input (River: 0.005)
     * @param threshold the detection threshold lambda, in input unit times samples (River: 50)
     * @param alpha forgetting factor applied to the cumulative sums (River: 0.9999)
     * @param mode which direction of change to detect (River: both)
     * @throws NullPointerException if {@code mode} is null
     * @throws IllegalArgumentException if {@code minInstances} is below 1, {@code delta} negative or
     *     not finite, {@code threshold} not finite and positive, or {@code alpha} outside (0, 1]
     */
    public PageHinkleyConfig {
        Objects.requireNonNull(mode, "mode");
        Checks.atLeast("minInstances", minInstances, 1);
        if (!(delta >= 0.0 && Double.isFinite(delta))) {
            throw new IllegalArgumentException("delta must be finite and >= 0 but was " + delta);
        }
        Checks.positive("threshold", threshold);
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1] but was " + alpha);
        }
    }

    /**
     * Returns River's defaults: 30 instances, delta 0.005, threshold 50, alpha 0.9999, both directions.
     *
     * @return the default configuration
     */
    public static PageHinkleyConfig ofDefaults() {
        return new PageHinkleyConfig(30, 0.005, 50.0, 1 - 0.0001, Mode.BOTH);
    }
}
