package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.estimate.PerformanceEstimate;

/**
 * One closed window of one (endpoint, variant, model version) whose performance the monitor
 * estimated without labels ({@link PerformanceEstimation}), with the realised figures of the labels
 * that have arrived for its predictions so far. {@link ModelMonitor#recentEstimates()} reads the
 * latest ones; {@link MonitorListener#onEstimate} hears each when its window is estimated.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the window's number for its key, as in {@link WindowMetrics#window()}
 * @param start the window's start (its first prediction, or its time slot's start)
 * @param end the window's end
 * @param predictions the model's answers whose scores were read (at most the estimation's
 *     maxRows of them were kept for the estimate)
 * @param estimate the estimate and its standard errors
 * @param band the band width in standard errors ({@link PerformanceEstimation#band()})
 * @param realised the realised figures of the labels that have arrived so far
 * @param unreadable the model's answers whose scores could not be read (the score function threw, or
 *     gave a missing or out-of-range score): left out of the estimate, and counted in
 *     {@link ModelMonitor#scoreFailures()}
 */
public record EstimatedWindow(String endpoint, String variant, String model, long window, Instant start, Instant end,
                              long predictions, PerformanceEstimate estimate, double band,
                              RealisedPerformance realised, long unreadable) {

    /**
     * Validates the components.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @param window the window's number, from 1
     * @param start the window's start
     * @param end the window's end
     * @param predictions answers whose scores were read, at least 1
     * @param estimate the estimate
     * @param band the band width, above 0
     * @param realised the realised figures
     * @param unreadable answers whose scores could not be read, at least 0
     * @throws IllegalArgumentException if window or predictions is below 1, unreadable below 0 or band is
     *     not above 0
     */
    public EstimatedWindow {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(realised, "realised");
        if (window < 1 || predictions < 1) {
            throw new IllegalArgumentException("window (" + window + ") and predictions (" + predictions
                    + ") must be at least 1");
        }
        if (unreadable < 0) {
            throw new IllegalArgumentException("unreadable must be at least 0 but was " + unreadable);
        }
        if (!(band > 0)) {
            throw new IllegalArgumentException("band must be above 0 but was " + band);
        }
    }

    /**
     * @param metric the figure
     * @return its estimate, NaN when undefined
     */
    public double value(EstimatedMetric metric) {
        return estimate.value(metric);
    }

    /**
     * @param metric the figure
     * @return the estimate minus {@link #band()} standard errors, not below 0 (NaN when unknown)
     */
    public double lower(EstimatedMetric metric) {
        return estimate.lower(metric, band);
    }

    /**
     * @param metric the figure
     * @return the estimate plus {@link #band()} standard errors, not above 1 (NaN when unknown)
     */
    public double upper(EstimatedMetric metric) {
        return estimate.upper(metric, band);
    }
}
