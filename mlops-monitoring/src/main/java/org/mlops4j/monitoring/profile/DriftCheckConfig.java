package org.mlops4j.monitoring.profile;

import java.util.Objects;
import org.mlops4j.monitoring.drift.MultipleTesting;

/**
 * How {@link WindowDriftCheck} decides.
 *
 * @param minCurrentSize the fewest current rows, and valid current values per feature, to decide
 *     on; at least 1
 * @param shareThreshold the share of drifted features that means dataset drift, in (0, 1]
 * @param correction the multiple-testing correction of the p-values
 * @param sketchTest the numeric test used when exact values are not available on both sides
 */
public record DriftCheckConfig(int minCurrentSize, double shareThreshold, MultipleTesting correction,
                                 SketchTest sketchTest) {

    /** The numeric statistic computed from sketches. */
    public enum SketchTest {
        /** {@link SketchDrift#ks} at significance 0.05. */
        KS,
        /** {@link SketchDrift#psi} with threshold 0.1. */
        PSI
    }

    /**
     * Validates the config.
     *
     * @throws NullPointerException if {@code correction} or {@code sketchTest} is null
     * @throws IllegalArgumentException if {@code minCurrentSize} is below 1 or
     *     {@code shareThreshold} is outside (0, 1]
     */
    public DriftCheckConfig {
        Objects.requireNonNull(correction, "correction");
        Objects.requireNonNull(sketchTest, "sketchTest");
        if (minCurrentSize < 1) {
            throw new IllegalArgumentException("minCurrentSize must be at least 1 but was " + minCurrentSize);
        }
        if (!(shareThreshold > 0 && shareThreshold <= 1)) {
            throw new IllegalArgumentException("shareThreshold must be in (0, 1] but was " + shareThreshold);
        }
    }

    /**
     * The defaults of {@link org.mlops4j.monitoring.drift.DatasetDriftDetector}: 30 rows, a share
     * of 0.5, Bonferroni; sketch KS.
     *
     * @return the defaults
     */
    public static DriftCheckConfig ofDefaults() {
        return new DriftCheckConfig(30, 0.5, MultipleTesting.BONFERRONI, SketchTest.KS);
    }
}
