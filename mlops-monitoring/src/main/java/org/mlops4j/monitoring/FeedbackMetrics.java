package org.mlops4j.monitoring;

import java.util.Objects;

/**
 * What the labels and user signals of one (endpoint, variant, model version) said so far: the
 * latest completed feedback window's figures (NaN before the first window, or when they do not
 * apply: accuracy for a regression model, RMSE for a classifier).
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param labelled predictions joined with their ground truth so far
 * @param accuracy accuracy over the latest window of labelled predictions
 * @param rmse root mean squared error over the latest window (regression)
 * @param mae mean absolute error over the latest window (regression)
 * @param rejectedRatio the share of negative user signals (rejected, rephrased, not useful: see
 *     {@code UserSignal.negative()}) in the latest window of user signals
 * @param conceptDrifts times the concept-drift detector signalled DRIFT
 */
public record FeedbackMetrics(String endpoint, String variant, String model, long labelled, double accuracy,
                              double rmse, double mae, double rejectedRatio, long conceptDrifts) {

    /**
     * Validates the metrics.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @param labelled predictions joined with their ground truth so far
     * @param accuracy accuracy over the latest window of labelled predictions
     * @param rmse root mean squared error over the latest window (regression)
     * @param mae mean absolute error over the latest window (regression)
     * @param rejectedRatio the share of negative user signals (rejected, rephrased, not useful: see
     *     {@code UserSignal.negative()}) in the latest window of user signals
     * @param conceptDrifts times the concept-drift detector signalled DRIFT
     */
    public FeedbackMetrics {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
    }
}
