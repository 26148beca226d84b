package org.mlops4j.monitoring.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.mlops4j.core.signal.SignalKind;

/**
 * An alert raised or resolved by an {@link AlertEvaluator}.
 *
 * @param kind whether the rule started or stopped firing
 * @param rule the name of the rule
 * @param severity the rule's severity
 * @param metric the metric name
 * @param value the metric value that caused the transition
 * @param threshold the threshold crossed: the firing threshold for {@link Kind#FIRED}, the clear
 *     threshold for {@link Kind#RESOLVED}
 * @param window the sample's window description
 * @param endpoint the sample's endpoint
 * @param model the sample's model version
 * @param topDriftedFeatures the sample's most drifted features
 * @param timestamp when the evaluator made the transition (from its clock)
 * @param signal what the metric says about the model ({@link AlertRule#signal()}): the control
 *     plane retrains on drift and performance drops, not on a broken upstream pipeline
 */
public record Alert(Kind kind, String rule, Severity severity, String metric, double value,
                    double threshold, String window, String endpoint, String model,
                    List<DriftedFeature> topDriftedFeatures, Instant timestamp, SignalKind signal) {

    /** Whether an alert opens or closes an incident. */
    public enum Kind {
        /** The rule's condition held long enough; the rule is now firing. */
        FIRED,
        /** The metric crossed the clear threshold; the rule stopped firing. */
        RESOLVED
    }

    /**
     * Validates the alert and copies the feature list.
     *
     * @param kind whether the rule started or stopped firing
     * @param rule the name of the rule
     * @param severity the rule's severity
     * @param metric the metric name
     * @param value the metric value that caused the transition
     * @param threshold the threshold crossed: the firing threshold for {@link Kind#FIRED}, the clear
     *     threshold for {@link Kind#RESOLVED}
     * @param window the sample's window description
     * @param endpoint the sample's endpoint
     * @param model the sample's model version
     * @param topDriftedFeatures the sample's most drifted features
     * @param timestamp when the evaluator made the transition (from its clock)
     * @param signal what the metric says about the model ({@link AlertRule#signal()}): the control
     *     plane retrains on drift and performance drops, not on a broken upstream pipeline
     * @throws NullPointerException if any reference component is null
     */
    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        topDriftedFeatures = List.copyOf(Objects.requireNonNull(topDriftedFeatures, "topDriftedFeatures"));
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signal, "signal");
    }
}
