package org.mlops4j.monitoring.segment;

import java.util.Objects;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.MetricSample;

/**
 * Alert rules on the per-segment metrics ({@link SegmentMetrics}). A rule from these factories
 * fires per segment: the evaluator keeps one state per segment, so one drifting segment fires once
 * and the others stay quiet; {@link #scoped} narrows a rule to one segment.
 */
public final class SegmentRules {

    private SegmentRules() {
    }

    /**
     * Fires for a segment as soon as one of its features drifts against the segment's reference.
     *
     * @return the rule {@code segment-feature-drift}, a {@link SignalKind#DATA_DRIFT} signal
     */
    public static AlertRule featureDriftDetected() {
        return AlertRule.above("segment-feature-drift", SegmentMetrics.DRIFTED_FEATURES, 0.0)
                .withSignal(SignalKind.DATA_DRIFT);
    }

    /**
     * Fires for a segment whose share of drifted features exceeds {@code share}.
     *
     * @param share the share, in [0, 1]
     * @return the rule {@code segment-drift-share}, a {@link SignalKind#DATA_DRIFT} signal
     * @throws IllegalArgumentException if {@code share} is outside [0, 1]
     */
    public static AlertRule driftShareAbove(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1] but was " + share);
        }
        return AlertRule.above("segment-drift-share", SegmentMetrics.DRIFT_SHARE, share)
                .withSignal(SignalKind.DATA_DRIFT);
    }

    /**
     * Fires for a segment whose error ratio exceeds {@code ratio}.
     *
     * @param ratio the ratio, in [0, 1]
     * @return the rule {@code segment-error-rate}, a {@link SignalKind#SOFTWARE} signal
     * @throws IllegalArgumentException if {@code ratio} is outside [0, 1]
     */
    public static AlertRule errorRateAbove(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in [0, 1] but was " + ratio);
        }
        return AlertRule.above("segment-error-rate", SegmentMetrics.ERROR_RATIO, ratio)
                .withSignal(SignalKind.SOFTWARE);
    }

    /**
     * Narrows a rule to one segment: it then watches {@link MetricSample#inSegment metric@segment}
     * and is named {@code name@segment}, so that rules of several segments live in one evaluator.
     *
     * @param rule a rule on a per-segment metric
     * @param segment the segment's name, not empty
     * @return the scoped rule, otherwise the same
     * @throws IllegalArgumentException if {@code segment} is empty
     */
    public static AlertRule scoped(AlertRule rule, String segment) {
        Objects.requireNonNull(rule, "rule");
        String metric = MetricSample.inSegment(rule.metric(), segment);
        return new AlertRule(MetricSample.inSegment(rule.name(), segment), metric, rule.direction(), rule.threshold(),
                rule.clearThreshold(), rule.holdFor(), rule.holdDuration(), rule.severity(), rule.cooldown(),
                rule.signal());
    }
}
