package org.mlops4j.monitoring.drift;

import java.util.Objects;
import java.util.Optional;

/**
 * The drift verdict of one feature within a {@link DatasetDriftReport}.
 *
 * @param feature the feature's name
 * @param verdict DRIFT, NO_DRIFT, INSUFFICIENT_DATA when the current sample is too small, or
 *     TEST_FAILED when the feature's test threw
 * @param result the test's raw result, absent when there was too little data or the test threw
 * @param adjustedPValue the p-value after the multiple-testing correction, NaN for distances and
 *     features without a result
 * @param referenceSize non-missing reference values
 * @param currentSize non-missing current values
 */
public record FeatureDrift(String feature, Verdict verdict, Optional<DriftResult> result, double adjustedPValue,
                           int referenceSize, int currentSize) {

    /**
     * Validates the components.
     *
     * @param feature the feature's name
     * @param verdict DRIFT, NO_DRIFT, INSUFFICIENT_DATA when the current sample is too small, or
     *     TEST_FAILED when the feature's test threw
     * @param result the test's raw result, absent when there was too little data or the test threw
     * @param adjustedPValue the p-value after the multiple-testing correction, NaN for distances and
     *     features without a result
     * @param referenceSize non-missing reference values
     * @param currentSize non-missing current values
     */
    public FeatureDrift {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(result, "result");
    }
}
