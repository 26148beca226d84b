package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.Objects;

/**
 * One completed window of labelled predictions of one (endpoint, variant, model version): what its
 * ground truth said. {@link ModelMonitor#recentFeedbackWindows()} keeps the latest ones, so that a
 * report can draw accuracy or RMSE over time; {@link FeedbackMetrics} holds only the latest.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the feedback window's number for its key, from 1
 * @param end when the window's last label arrived, by the monitor's clock
 * @param labelled labelled predictions in the window (the monitor's window size)
 * @param accuracy correct answers / labelled predictions (NaN for a regression model)
 * @param rmse root mean squared error of the predicted values (NaN for a classifier)
 * @param mae mean absolute error of the predicted values (NaN for a classifier)
 */
public record FeedbackWindow(String endpoint, String variant, String model, long window, Instant end, long labelled,
                             double accuracy, double rmse, double mae) {

    /**
     * Validates the components.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version, {@code name/version}
     * @param window the feedback window's number for its key, from 1
     * @param end when the window's last label arrived, by the monitor's clock
     * @param labelled labelled predictions in the window (the monitor's window size)
     * @param accuracy correct answers / labelled predictions (NaN for a regression model)
     * @param rmse root mean squared error of the predicted values (NaN for a classifier)
     * @param mae mean absolute error of the predicted values (NaN for a classifier)
     * @throws IllegalArgumentException if {@code window} or {@code labelled} is below 1
     */
    public FeedbackWindow {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(end, "end");
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 but was " + window);
        }
        if (labelled < 1) {
            throw new IllegalArgumentException("labelled must be at least 1 but was " + labelled);
        }
    }
}
