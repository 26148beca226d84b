package org.mlops4j.monitoring.alert;

import java.time.Duration;
import java.util.Objects;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.core.signal.SignalKind;

/**
 * When a metric is bad enough to alert on. A rule breaches when the metric is strictly above
 * ({@link Direction#ABOVE}) or strictly below ({@link Direction#BELOW}) {@code threshold}; it
 * fires once the breach has held for {@code holdFor} consecutive evaluations <em>and</em> for
 * {@code holdDuration}; it clears (hysteresis) only when the metric is back at or below
 * ({@code ABOVE}) or at or above ({@code BELOW}) {@code clearThreshold}. After a FIRED alert, the
 * same rule for the same endpoint and model sends no other FIRED alert within {@code cooldown},
 * even if it clears and breaches again, so a flapping metric does not spam.
 *
 * <p>Start from {@link #above}, {@link #below} or a ready-made rule such as
 * {@link #missingInputFraction(double)}, and refine with the {@code with...} methods. Immutable.
 *
 * @param name the rule's name, unique within an evaluator; not blank
 * @param metric the metric the rule watches; not blank
 * @param direction whether high or low values are bad
 * @param threshold the firing threshold, finite
 * @param clearThreshold the clear threshold, finite; {@code <= threshold} for {@code ABOVE},
 *     {@code >= threshold} for {@code BELOW}
 * @param holdFor how many consecutive breaching evaluations are needed to fire, at least 1
 * @param holdDuration how long the breach must have lasted to fire, not negative
 * @param severity the severity of the alerts
 * @param cooldown the minimum time between two FIRED alerts, not negative
 * @param signal what the metric says about the model, carried by every alert of the rule so the
 *     control plane acts on types: the metric's {@link MetricName#kind()} for a metric mlops4j
 *     names, {@link SignalKind#OTHER} for a custom one unless set with {@link #withSignal}
 */
public record AlertRule(String name, String metric, Direction direction, double threshold,
                        double clearThreshold, int holdFor, Duration holdDuration,
                        Severity severity, Duration cooldown, SignalKind signal) {

    /** Whether values above or below the threshold are bad. */
    public enum Direction {
        /** Fires when the value is strictly above the threshold. */
        ABOVE,
        /** Fires when the value is strictly below the threshold. */
        BELOW
    }

    /**
     * Validates the rule.
     *
     * @param name the rule's name, unique within an evaluator; not blank
     * @param metric the metric the rule watches; not blank
     * @param direction whether high or low values are bad
     * @param threshold the firing threshold, finite
     * @param clearThreshold the clear threshold, finite; {@code <= threshold} for {@code ABOVE},
     *     {@code >= threshold} for {@code BELOW}
     * @param holdFor how many consecutive breaching evaluations are needed to fire, at least 1
     * @param holdDuration how long the breach must have lasted to fire, not negative
     * @param severity the severity of the alerts
     * @param cooldown the minimum time between two FIRED alerts, not negative
     * @param signal what the metric says about the model, carried by every alert of the rule so the
     *     control plane acts on types: the metric's {@link MetricName#kind()} for a metric mlops4j
     *     names, {@link SignalKind#OTHER} for a custom one unless set with {@link #withSignal}
     * @throws NullPointerException if a reference component is null
     * @throws IllegalArgumentException if a component is out of range; the message names it
     */
    public AlertRule {
        requireNotBlank(name, "name");
        requireNotBlank(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite but was " + threshold);
        }
        if (!Double.isFinite(clearThreshold)) {
            throw new IllegalArgumentException("clearThreshold must be finite but was " + clearThreshold);
        }
        if (direction == Direction.ABOVE && clearThreshold > threshold) {
            throw new IllegalArgumentException("clearThreshold must be <= threshold " + threshold
                    + " for an ABOVE rule but was " + clearThreshold);
        }
        if (direction == Direction.BELOW && clearThreshold < threshold) {
            throw new IllegalArgumentException("clearThreshold must be >= threshold " + threshold
                    + " for a BELOW rule but was " + clearThreshold);
        }
        if (holdFor < 1) {
            throw new IllegalArgumentException("holdFor must be >= 1 but was " + holdFor);
        }
        requireNotNegative(holdDuration, "holdDuration");
        Objects.requireNonNull(severity, "severity");
        requireNotNegative(cooldown, "cooldown");
        Objects.requireNonNull(signal, "signal");
    }

    /**
     * Creates a rule that fires as soon as {@code metric > threshold}, clears when it is not, at
     * severity {@link Severity#WARNING} with no cooldown.
     *
     * @param name the rule name
     * @param metric the metric name
     * @param threshold the firing threshold
     * @return the rule
     * @throws IllegalArgumentException if a name is blank or the threshold is not finite
     */
    public static AlertRule above(String name, String metric, double threshold) {
        return new AlertRule(name, metric, Direction.ABOVE, threshold, threshold, 1, Duration.ZERO,
                Severity.WARNING, Duration.ZERO, MetricName.kindOf(Objects.requireNonNull(metric, "metric")));
    }

    /**
     * Creates a rule that fires as soon as {@code metric < threshold}, clears when it is not, at
     * severity {@link Severity#WARNING} with no cooldown.
     *
     * @param name the rule name
     * @param metric the metric name
     * @param threshold the firing threshold
     * @return the rule
     * @throws IllegalArgumentException if a name is blank or the threshold is not finite
     */
    public static AlertRule below(String name, String metric, double threshold) {
        return new AlertRule(name, metric, Direction.BELOW, threshold, threshold, 1, Duration.ZERO,
                Severity.WARNING, Duration.ZERO, MetricName.kindOf(Objects.requireNonNull(metric, "metric")));
    }

    /**
     * Fires when the fraction of requests with a missing input feature exceeds {@code threshold}
     * (metric {@code mlops.input.missing.ratio}, in [0, 1]).
     *
     * @param threshold the fraction, in [0, 1]
     * @return the rule named {@code missing-input-fraction}
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     */
    public static AlertRule missingInputFraction(double threshold) {
        return above("missing-input-fraction", MetricName.MISSING_RATIO.key(), fraction(threshold, "threshold"));
    }

    /**
     * Fires when the fraction of null model outputs exceeds {@code threshold} (metric
     * {@code mlops.output.null.ratio}, in [0, 1]).
     *
     * @param threshold the fraction, in [0, 1]
     * @return the rule named {@code null-output-fraction}
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     */
    public static AlertRule nullOutputFraction(double threshold) {
        return above("null-output-fraction", MetricName.NULL_OUTPUT_RATIO.key(), fraction(threshold, "threshold"));
    }

    /**
     * Fires when the 99th percentile of prediction latency exceeds {@code latency} (metric
     * {@code mlops.prediction.latency.p99}, in seconds as Micrometer reports timers).
     *
     * @param latency the latency limit, positive
     * @return the rule named {@code latency-p99}
     * @throws IllegalArgumentException if {@code latency} is zero or negative
     */
    public static AlertRule latencyP99Above(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive but was " + latency);
        }
        return above("latency-p99", MetricName.LATENCY_P99.key(), latency.toNanos() / 1e9);
    }

    /**
     * Fires when the fraction of failed predictions exceeds {@code threshold} (metric
     * {@code mlops.prediction.error.ratio}), at severity {@link Severity#CRITICAL}.
     *
     * @param threshold the fraction, in [0, 1]
     * @return the rule named {@code error-rate}
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     */
    public static AlertRule errorRateAbove(double threshold) {
        return above("error-rate", MetricName.ERROR_RATIO.key(), fraction(threshold, "threshold"))
                .withSeverity(Severity.CRITICAL);
    }

    /**
     * Fires when the fraction of predictions that timed out exceeds {@code threshold} (metric
     * {@code mlops.prediction.timeout.ratio}), at severity {@link Severity#CRITICAL}.
     *
     * @param threshold the fraction, in [0, 1]
     * @return the rule named {@code timeout-rate}
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     */
    public static AlertRule timeoutRateAbove(double threshold) {
        return above("timeout-rate", MetricName.TIMEOUT_RATIO.key(), fraction(threshold, "threshold"))
                .withSeverity(Severity.CRITICAL);
    }

    /**
     * Fires when the fraction of requests whose value of some categorical feature is outside its
     * declared categories exceeds {@code threshold} (metric {@code mlops.input.unseen_category.ratio}).
     *
     * @param threshold the fraction, in [0, 1]
     * @return the rule named {@code unseen-category-fraction}
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     */
    public static AlertRule unseenCategoryFraction(double threshold) {
        return above("unseen-category-fraction", MetricName.UNSEEN_CATEGORY_RATIO.key(),
                fraction(threshold, "threshold"));
    }

    /**
     * Fires when the distribution of predictions drifted from the reference predictions (metric
     * {@code mlops.output.drift}: 1 when the window's test says drift, 0 otherwise).
     *
     * @return the rule named {@code prediction-drift}
     */
    public static AlertRule predictionDriftDetected() {
        return above("prediction-drift", MetricName.PREDICTION_DRIFT.key(), 0.0);
    }

    /**
     * Fires when the root mean squared error on labelled feedback of a regression model exceeds
     * {@code rmse} (metric {@code mlops.performance.rmse}, in the target's unit).
     *
     * @param rmse the largest acceptable error, positive and finite
     * @return the rule named {@code rmse}
     * @throws IllegalArgumentException if {@code rmse} is not positive and finite
     */
    public static AlertRule rmseAbove(double rmse) {
        if (!(rmse > 0 && Double.isFinite(rmse))) {
            throw new IllegalArgumentException("rmse must be positive and finite but was " + rmse);
        }
        return above("rmse", MetricName.RMSE.key(), rmse);
    }

    /**
     * Fires when at least one feature drifted in the window (metric
     * {@code mlops.drift.feature.count}, the number of drifted features, above 0).
     *
     * @return the rule named {@code feature-drift}
     */
    public static AlertRule featureDriftDetected() {
        return above("feature-drift", MetricName.DRIFTED_FEATURES.key(), 0.0);
    }

    /**
     * Fires when the share of drifted features exceeds {@code share} (metric
     * {@code mlops.drift.dataset.share}, in [0, 1]), the dataset drift of Evidently's
     * {@code DatasetDriftMetric}.
     *
     * @param share the share, in [0, 1]
     * @return the rule named {@code dataset-drift}
     * @throws IllegalArgumentException if {@code share} is outside [0, 1]
     */
    public static AlertRule datasetDriftShareAbove(double share) {
        return above("dataset-drift", MetricName.DRIFT_SHARE.key(), fraction(share, "share"));
    }

    /**
     * Fires when a concept-drift detector signals drift (metric {@code mlops.concept.drift}: 1 when
     * drift is detected, 0 otherwise).
     *
     * @return the rule named {@code concept-drift}
     */
    public static AlertRule conceptDriftDetected() {
        return above("concept-drift", MetricName.CONCEPT_DRIFT.key(), 0.0);
    }

    /**
     * Fires when accuracy on labelled feedback falls below {@code accuracy} (metric
     * {@code mlops.performance.accuracy}, in [0, 1]).
     *
     * @param accuracy the minimum acceptable accuracy, in [0, 1]
     * @return the rule named {@code accuracy}
     * @throws IllegalArgumentException if {@code accuracy} is outside [0, 1]
     */
    public static AlertRule accuracyBelow(double accuracy) {
        return below("accuracy", MetricName.ACCURACY.key(), fraction(accuracy, "accuracy"));
    }

    /**
     * Fires when a window's accuracy estimated without labels falls below {@code accuracy} (metric
     * {@code mlops.estimated.accuracy}, which a monitor built with
     * {@code ModelMonitor.Builder.estimatePerformance} sends when each window closes).
     *
     * @param accuracy the minimum acceptable estimated accuracy, in [0, 1]
     * @return the rule named {@code estimated-accuracy}
     * @throws IllegalArgumentException if {@code accuracy} is outside [0, 1]
     */
    public static AlertRule estimatedAccuracyBelow(double accuracy) {
        return below("estimated-accuracy", MetricName.ESTIMATED_ACCURACY.key(), fraction(accuracy, "accuracy"));
    }

    /**
     * Fires when the upper end of a window's estimated accuracy band falls below {@code accuracy}
     * (metric {@code mlops.estimated.accuracy.upper}): the drop is larger than the window's sampling
     * error explains, a more conservative rule than {@link #estimatedAccuracyBelow}.
     *
     * @param accuracy the minimum acceptable accuracy, in [0, 1]
     * @return the rule named {@code estimated-accuracy-band}
     * @throws IllegalArgumentException if {@code accuracy} is outside [0, 1]
     */
    public static AlertRule estimatedAccuracyBandBelow(double accuracy) {
        return below("estimated-accuracy-band", MetricName.ESTIMATED_ACCURACY_UPPER.key(),
                fraction(accuracy, "accuracy"));
    }

    /**
     * Fires when a scoping target is missed: its status metric {@code mlops.target.<name>.status},
     * which {@code ScopingTargets} sends, is above 1 (the code of MISSED is 2, AT_RISK 1, MET 0); it
     * resolves once the target is met or at risk again. An unknown status (NaN) changes nothing.
     *
     * @param target the target's name, as {@code Target.name()}
     * @return the rule named {@code target-<name>-missed}
     * @throws IllegalArgumentException if the name is blank
     */
    public static AlertRule targetMissed(String target) {
        return above("target-" + target + "-missed", targetStatusMetric(target), 1.0);
    }

    /**
     * Fires when a scoping target is at risk or missed: its status metric
     * {@code mlops.target.<name>.status} is above 0; it resolves once the target is met.
     *
     * @param target the target's name, as {@code Target.name()}
     * @return the rule named {@code target-<name>-at-risk}
     * @throws IllegalArgumentException if the name is blank
     */
    public static AlertRule targetAtRisk(String target) {
        return above("target-" + target + "-at-risk", targetStatusMetric(target), 0.0);
    }

    /** The name {@code Target.statusMetric} gives; kept equal to it by a test. */
    private static String targetStatusMetric(String target) {
        requireNotBlank(target, "target");
        return "mlops.target." + target + ".status";
    }

    /**
     * Returns a copy with another name.
     *
     * @param newName the name
     * @return the new rule
     * @throws IllegalArgumentException if {@code newName} is blank
     */
    public AlertRule withName(String newName) {
        return new AlertRule(newName, metric, direction, threshold, clearThreshold, holdFor, holdDuration,
                severity, cooldown, signal);
    }

    /**
     * Returns a copy with a hysteresis clear threshold.
     *
     * @param newClearThreshold the clear threshold
     * @return the new rule
     * @throws IllegalArgumentException if it is on the wrong side of the threshold
     */
    public AlertRule withClearThreshold(double newClearThreshold) {
        return new AlertRule(name, metric, direction, threshold, newClearThreshold, holdFor, holdDuration,
                severity, cooldown, signal);
    }

    /**
     * Returns a copy that needs {@code evaluations} consecutive breaches to fire.
     *
     * @param evaluations the count, at least 1
     * @return the new rule
     * @throws IllegalArgumentException if {@code evaluations < 1}
     */
    public AlertRule withHoldFor(int evaluations) {
        return new AlertRule(name, metric, direction, threshold, clearThreshold, evaluations, holdDuration,
                severity, cooldown, signal);
    }

    /**
     * Returns a copy that needs the breach to last {@code duration} to fire.
     *
     * @param duration the duration, not negative
     * @return the new rule
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public AlertRule withHoldDuration(Duration duration) {
        return new AlertRule(name, metric, direction, threshold, clearThreshold, holdFor, duration,
                severity, cooldown, signal);
    }

    /**
     * Returns a copy with another severity.
     *
     * @param newSeverity the severity
     * @return the new rule
     */
    public AlertRule withSeverity(Severity newSeverity) {
        return new AlertRule(name, metric, direction, threshold, clearThreshold, holdFor, holdDuration,
                newSeverity, cooldown, signal);
    }

    /**
     * Returns a copy with a cooldown between FIRED alerts.
     *
     * @param newCooldown the cooldown, not negative
     * @return the new rule
     * @throws IllegalArgumentException if {@code newCooldown} is negative
     */
    public AlertRule withCooldown(Duration newCooldown) {
        return new AlertRule(name, metric, direction, threshold, clearThreshold, holdFor, holdDuration,
                severity, newCooldown, signal);
    }

    /**
     * Returns a copy whose alerts carry another signal kind: for a custom metric, say what it means
     * so the control plane can act on it (a business KPI that drops is a
     * {@link SignalKind#PERFORMANCE_DROP}).
     *
     * @param newSignal the kind
     * @return the new rule
     */
    public AlertRule withSignal(SignalKind newSignal) {
        return new AlertRule(name, metric, direction, threshold, clearThreshold, holdFor, holdDuration, severity,
                cooldown, newSignal);
    }

    /**
     * Fires when the share of inputs the monitor could not read features from exceeds
     * {@code threshold} (metric {@code mlops.input.unreadable.ratio}): a service whose request type
     * changed, or a monitor without the right {@code FeatureExtractor}.
     *
     * @param threshold the fraction, in [0, 1]
     * @return the rule named {@code unreadable-input-fraction}
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     */
    public static AlertRule unreadableInputFraction(double threshold) {
        return above("unreadable-input-fraction", MetricName.UNREADABLE_INPUT_RATIO.key(),
                fraction(threshold, "threshold"));
    }

    /**
     * Tells whether a value breaches the firing threshold.
     *
     * @param value the metric value
     * @return {@code true} if the value is strictly beyond the threshold; {@code false} for NaN
     */
    public boolean breaches(double value) {
        return direction == Direction.ABOVE ? value > threshold : value < threshold;
    }

    /**
     * Tells whether a value is back on the good side of the clear threshold.
     *
     * @param value the metric value
     * @return {@code true} if the value is at or within the clear threshold; {@code false} for NaN
     */
    public boolean clears(double value) {
        return direction == Direction.ABOVE ? value <= clearThreshold : value >= clearThreshold;
    }

    private static void requireNotBlank(String value, String argument) {
        Objects.requireNonNull(value, argument);
        if (value.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank but was '" + value + "'");
        }
    }

    private static void requireNotNegative(Duration value, String argument) {
        Objects.requireNonNull(value, argument);
        if (value.isNegative()) {
            throw new IllegalArgumentException(argument + " must not be negative but was " + value);
        }
    }

    private static double fraction(double value, String argument) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(argument + " must be in [0, 1] but was " + value);
        }
        return value;
    }
}
