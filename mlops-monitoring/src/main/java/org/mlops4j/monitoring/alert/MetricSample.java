package org.mlops4j.monitoring.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.mlops4j.core.registry.ModelRef;

/**
 * One observation of a monitored metric for one endpoint and model version, as fed to
 * {@link AlertEvaluator#evaluate(MetricSample)}.
 *
 * @param metric the metric name, for example {@code mlops.input.missing.ratio}; not blank
 * @param value the observed value; {@code NaN} is accepted and ignored by the evaluator
 * @param timestamp when the value was measured
 * @param endpoint the serving endpoint the value belongs to; may be empty when there is none
 * @param model the model version, for example {@code churn/3}; may be empty when unknown
 * @param window a description of the window the value summarises, for example
 *     {@code last 1000 predictions} or {@code 2024-01-01T00:00Z/PT1H}; may be empty
 * @param topDriftedFeatures the most drifted features in the window, most drifted first; copied
 * @param segment the customer segment the value describes ({@code org.mlops4j.monitoring.segment}),
 *     empty for the whole traffic: the evaluator keeps one state per rule, endpoint, model and
 *     segment, and a rule watching {@link #inSegment(String, String) metric@segment} sees only that
 *     segment's samples
 */
public record MetricSample(String metric, double value, Instant timestamp, String endpoint,
                           String model, String window, List<DriftedFeature> topDriftedFeatures, String segment) {

    /** Separates a metric from a segment in the metric a segment-scoped rule watches. */
    public static final String SEGMENT_SEPARATOR = "@";

    /**
     * Validates the sample and copies the feature list.
     *
     * @param metric the metric name, for example {@code mlops.input.missing.ratio}; not blank
     * @param value the observed value; {@code NaN} is accepted and ignored by the evaluator
     * @param timestamp when the value was measured
     * @param endpoint the serving endpoint the value belongs to; may be empty when there is none
     * @param model the model version, for example {@code churn/3}; may be empty when unknown
     * @param window a description of the window the value summarises, for example
     *     {@code last 1000 predictions} or {@code 2024-01-01T00:00Z/PT1H}; may be empty
     * @param topDriftedFeatures the most drifted features in the window, most drifted first; copied
     * @param segment the segment the value describes, empty for the whole traffic
     * @throws NullPointerException if any argument other than {@code value} is null
     * @throws IllegalArgumentException if {@code metric} is blank
     */
    public MetricSample {
        Objects.requireNonNull(metric, "metric");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric must not be blank but was '" + metric + "'");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(window, "window");
        topDriftedFeatures = List.copyOf(Objects.requireNonNull(topDriftedFeatures, "topDriftedFeatures"));
        Objects.requireNonNull(segment, "segment");
    }

    /**
     * Creates a sample of the whole traffic (no segment).
     *
     * @param metric the metric name, for example {@code mlops.input.missing.ratio}; not blank
     * @param value the observed value; {@code NaN} is accepted and ignored by the evaluator
     * @param timestamp when the value was measured
     * @param endpoint the serving endpoint the value belongs to; may be empty when there is none
     * @param model the model version, for example {@code churn/3}; may be empty when unknown
     * @param window a description of the window the value summarises; may be empty
     * @param topDriftedFeatures the most drifted features in the window, most drifted first; copied
     * @throws NullPointerException if any argument other than {@code value} is null
     * @throws IllegalArgumentException if {@code metric} is blank
     */
    public MetricSample(String metric, double value, Instant timestamp, String endpoint, String model, String window,
                        List<DriftedFeature> topDriftedFeatures) {
        this(metric, value, timestamp, endpoint, model, window, topDriftedFeatures, "");
    }

    /**
     * The metric a rule watches to see only one segment's samples of {@code metric}, for example
     * {@code mlops.segment.drift_share@mobile}.
     *
     * @param metric the metric name
     * @param segment the segment's name, not empty
     * @return {@code metric + "@" + segment}
     * @throws IllegalArgumentException if {@code segment} is empty
     */
    public static String inSegment(String metric, String segment) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(segment, "segment");
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("segment must not be empty but was '" + segment + "'");
        }
        return metric + SEGMENT_SEPARATOR + segment;
    }

    /**
     * Returns a copy of this sample describing one segment.
     *
     * @param newSegment the segment, empty for the whole traffic
     * @return the new sample
     * @throws NullPointerException if {@code newSegment} is null
     */
    public MetricSample withSegment(String newSegment) {
        return new MetricSample(metric, value, timestamp, endpoint, model, window, topDriftedFeatures, newSegment);
    }

    /**
     * Creates a sample without drifted features.
     *
     * @param metric the metric name
     * @param value the observed value
     * @param timestamp when it was measured
     * @param endpoint the endpoint, may be empty
     * @param model the model version
     * @param window the window description, may be empty
     * @return the sample
     * @throws NullPointerException if any reference argument is null
     * @throws IllegalArgumentException if {@code metric} is blank
     */
    public static MetricSample of(String metric, double value, Instant timestamp, String endpoint,
                                  ModelRef model, String window) {
        return new MetricSample(metric, value, timestamp, endpoint,
                Objects.requireNonNull(model, "model").toString(), window, List.of());
    }

    /**
     * Returns a copy of this sample carrying the given drifted features.
     *
     * @param features the most drifted features, most drifted first
     * @return the new sample
     * @throws NullPointerException if {@code features} is null
     */
    public MetricSample withTopDriftedFeatures(List<DriftedFeature> features) {
        return new MetricSample(metric, value, timestamp, endpoint, model, window, features, segment);
    }
}
