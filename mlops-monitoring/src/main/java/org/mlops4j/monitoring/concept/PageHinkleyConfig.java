package org.mlops4j.monitoring.concept;

import java.util.Objects;

/**
 * Parameters of the Page-Hinkley test (E. S. Page, "Continuous Inspection Schemes", Biometrika
 * 1954; as used for drift detection by Mouss et al. 2004 and Gama's "Knowledge Discovery from Data
 * Streams").
 *
 * <p>{@link #ofDefaults()} watches increases only, as the library feeds the test errors (absolute
 * errors of a regression model, or 0/1 error indicators), whose rise is the concept drift worth an
 * alarm; its delta and threshold are set so that, on the detection-quality harness
 * ({@code MoaQualityTest}, {@code DetectorQualityHarness}), it detects every change MOA's
 * {@code PageHinkleyDM} detects, no later, with no more false alarms. {@link #river()} gives River's
 * defaults ({@code river.drift.PageHinkley}), which watch both directions.
 *
 * @param minInstances observations to see before a drift can be signalled (default and River: 30)
 * @param delta the magnitude of change tolerated, in the unit of the input (default 0.0125, River: 0.005)
 * @param threshold the detection threshold lambda, in input unit times samples (default 75, River: 50)
 * @param alpha forgetting factor applied to the cumulative sums (default and River: 0.9999)
 * @param mode which direction of change to detect (default: up, River: both)
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
     * @param minInstances observations to see before a drift can be signalled (default and River: 30)
     * @param delta the magnitude of change tolerated, in the unit of the input (default 0.0125, River: 0.005)
     * @param threshold the detection threshold lambda, in input unit times samples (default 75, River: 50)
     * @param alpha forgetting factor applied to the cumulative sums (default and River: 0.9999)
     * @param mode which direction of change to detect (default: up, River: both)
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
     * Returns the defaults for error signals: 30 instances, delta 0.0125, threshold 75, alpha 0.9999,
     * increases only. On the harness's streams (30 seeds each) against MOA's {@code PageHinkleyDM}
     * at its defaults: the same detection rate (1.0), a shorter mean delay on every drifting stream,
     * and no more false alarms on any stream (none on the Bernoulli error streams).
     *
     * @return the default configuration
     */
    public static PageHinkleyConfig ofDefaults() {
        return new PageHinkleyConfig(30, 0.0125, 75.0, 1 - 0.0001, Mode.UP);
    }

    /**
     * Returns River's defaults ({@code river.drift.PageHinkley}): 30 instances, delta 0.005,
     * threshold 50, alpha 0.9999, both directions; the defaults of mlops4j before 0.1.0's issue 21.
     * Watching both directions of a stationary signal doubles the false alarms: on a stable Gaussian
     * stream of 10,000 values it raises about 6 per stream where {@link #ofDefaults()} raises 0.5.
     *
     * @return River's configuration
     */
    public static PageHinkleyConfig river() {
        return new PageHinkleyConfig(30, 0.005, 50.0, 1 - 0.0001, Mode.BOTH);
    }
}
