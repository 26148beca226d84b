package org.mlops4j.monitoring.scoping;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One promise made in scoping: a figure, the side of a threshold it must stay on, and how close to
 * the threshold counts as at risk. Start from {@link #accuracyAtLeast}, {@link #latencyP99AtMost},
 * {@link #throughputAtLeast}, {@link #rmseAtMost} or {@link #of}, and refine with
 * {@link #withAtRiskMargin} and {@link #withName}. Immutable.
 *
 * <p><b>The status rule</b> ({@link #status(double)}), with {@code t} the threshold and {@code m}
 * the margin:
 * <ul>
 *   <li>{@link TargetStatus#UNKNOWN} when the value is NaN (nothing measured yet);</li>
 *   <li>{@code AT_LEAST}: {@link TargetStatus#MISSED} when {@code value < t},
 *       {@link TargetStatus#AT_RISK} when {@code t <= value < t + m}, {@link TargetStatus#MET}
 *       when {@code value >= t + m};</li>
 *   <li>{@code AT_MOST}: {@code MISSED} when {@code value > t}, {@code AT_RISK} when
 *       {@code t - m < value <= t}, {@code MET} when {@code value <= t - m}.</li>
 * </ul>
 * A value exactly at the threshold meets it. With a margin of 0 (the default) a target is never at
 * risk.
 *
 * @param name the target's name: a lower-case letter, then up to 63 lower-case letters, digits or
 *     {@code _}; unique among the targets of one {@link ScopingTargets}. It names the alert metric
 *     {@code mlops.target.<name>.status} and tags the gauges.
 * @param metric the figure watched
 * @param direction which side of the threshold is good
 * @param threshold the promised limit, finite, in the figure's unit
 * @param atRiskMargin how close to the threshold a met value is at risk, finite and not negative,
 *     in the figure's unit
 */
public record Target(String name, TargetMetric metric, Direction direction, double threshold, double atRiskMargin) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** Which side of the threshold is good. */
    public enum Direction {
        /** The value must be at least the threshold (accuracy, throughput). */
        AT_LEAST,
        /** The value must be at most the threshold (latency, error). */
        AT_MOST
    }

    /**
     * Validates the target.
     *
     * @param name the target's name
     * @param metric the figure watched
     * @param direction which side of the threshold is good
     * @param threshold the promised limit, finite
     * @param atRiskMargin how close to the threshold a met value is at risk, finite and not negative
     * @throws NullPointerException if a reference component is null
     * @throws IllegalArgumentException naming the component and its value when it is out of range
     */
    public Target {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be a lower-case letter then up to 63 lower-case letters, "
                    + "digits or '_' but was '" + name + "'");
        }
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold of target '" + name + "' must be finite but was "
                    + threshold);
        }
        if (!(atRiskMargin >= 0 && Double.isFinite(atRiskMargin))) {
            throw new IllegalArgumentException("atRiskMargin of target '" + name
                    + "' must be finite and not negative but was " + atRiskMargin);
        }
    }

    /**
     * A target on any figure, with no at-risk margin.
     *
     * @param name the target's name
     * @param metric the figure
     * @param direction which side of the threshold is good
     * @param threshold the limit
     * @return the target
     * @throws IllegalArgumentException as the constructor
     */
    public static Target of(String name, TargetMetric metric, Direction direction, double threshold) {
        return new Target(name, metric, direction, threshold, 0.0);
    }

    /**
     * Accuracy on labelled feedback of at least {@code accuracy}, named {@code accuracy}.
     *
     * @param accuracy the least acceptable accuracy, in [0, 1]
     * @return the target
     * @throws IllegalArgumentException if {@code accuracy} is outside [0, 1]
     */
    public static Target accuracyAtLeast(double accuracy) {
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1] but was " + accuracy);
        }
        return of("accuracy", TargetMetric.ACCURACY, Direction.AT_LEAST, accuracy);
    }

    /**
     * A 99th percentile latency of at most {@code latency}, named {@code latency_p99}; the
     * threshold is kept in seconds, as the monitor measures latency.
     *
     * @param latency the longest acceptable p99, positive
     * @return the target
     * @throws IllegalArgumentException if {@code latency} is zero or negative
     */
    public static Target latencyP99AtMost(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be positive but was " + latency);
        }
        return of("latency_p99", TargetMetric.LATENCY_P99, Direction.AT_MOST, latency.toNanos() / 1e9);
    }

    /**
     * A throughput of at least {@code predictionsPerSecond} over a window's wall time, named
     * {@code throughput}.
     *
     * @param predictionsPerSecond the least acceptable throughput, positive and finite
     * @return the target
     * @throws IllegalArgumentException if it is not positive and finite
     */
    public static Target throughputAtLeast(double predictionsPerSecond) {
        if (!(predictionsPerSecond > 0 && Double.isFinite(predictionsPerSecond))) {
            throw new IllegalArgumentException("predictionsPerSecond must be positive and finite but was "
                    + predictionsPerSecond);
        }
        return of("throughput", TargetMetric.THROUGHPUT, Direction.AT_LEAST, predictionsPerSecond);
    }

    /**
     * An RMSE on labelled feedback of at most {@code rmse}, named {@code rmse}.
     *
     * @param rmse the largest acceptable error, positive and finite, in the target variable's unit
     * @return the target
     * @throws IllegalArgumentException if it is not positive and finite
     */
    public static Target rmseAtMost(double rmse) {
        if (!(rmse > 0 && Double.isFinite(rmse))) {
            throw new IllegalArgumentException("rmse must be positive and finite but was " + rmse);
        }
        return of("rmse", TargetMetric.RMSE, Direction.AT_MOST, rmse);
    }

    /**
     * Returns a copy with an at-risk margin.
     *
     * @param margin how close to the threshold a met value is at risk, in the figure's unit
     * @return the new target
     * @throws IllegalArgumentException if the margin is negative or not finite
     */
    public Target withAtRiskMargin(double margin) {
        return new Target(name, metric, direction, threshold, margin);
    }

    /**
     * Returns a copy with another name (two targets on one figure need two names).
     *
     * @param newName the name
     * @return the new target
     * @throws IllegalArgumentException if the name is not valid
     */
    public Target withName(String newName) {
        return new Target(newName, metric, direction, threshold, atRiskMargin);
    }

    /**
     * Where a value stands against this target, by the rule in the class comment.
     *
     * @param value the measured figure, NaN when none
     * @return the status
     */
    public TargetStatus status(double value) {
        if (Double.isNaN(value)) {
            return TargetStatus.UNKNOWN;
        }
        if (direction == Direction.AT_LEAST) {
            return value < threshold ? TargetStatus.MISSED
                    : value < threshold + atRiskMargin ? TargetStatus.AT_RISK : TargetStatus.MET;
        }
        return value > threshold ? TargetStatus.MISSED
                : value > threshold - atRiskMargin ? TargetStatus.AT_RISK : TargetStatus.MET;
    }

    /** @return the alert metric of this target's status, {@code mlops.target.<name>.status} */
    public String statusMetric() {
        return statusMetric(name);
    }

    /**
     * The alert metric of a target's status: what {@link ScopingTargets} sends its alert evaluator
     * and {@code AlertRule.targetMissed} watches.
     *
     * @param name the target's name
     * @return {@code mlops.target.<name>.status}
     */
    public static String statusMetric(String name) {
        return "mlops.target." + Objects.requireNonNull(name, "name") + ".status";
    }

    /** @return for example {@code accuracy >= 0.78 (at risk below 0.8)} */
    public String describe() {
        String side = direction == Direction.AT_LEAST ? ">=" : "<=";
        String text = name + " " + side + " " + format(threshold);
        if (atRiskMargin > 0) {
            text += " (at risk " + (direction == Direction.AT_LEAST ? "below " + format(threshold + atRiskMargin)
                    : "above " + format(threshold - atRiskMargin)) + ")";
        }
        return text;
    }

    private static String format(double v) {
        return new java.math.BigDecimal(v, new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
