package org.mlops4j.monitoring.estimate;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A binary classifier's performance on one window, estimated without labels by
 * {@link BinaryCbpe}: the expected confusion matrix, the metrics computed from it and the standard
 * error of each (see {@link BinaryCbpe} for how the standard errors are computed).
 *
 * <p>A metric whose denominator is zero is NaN: precision when nothing is predicted positive,
 * recall when every calibrated probability is 0, F1 when both, ROC AUC when every probability is 0
 * or every probability is 1.
 *
 * @param rows the window's row count, at least one
 * @param truePositives expected true positives: the sum of p over predicted-positive rows
 * @param falsePositives expected false positives: the sum of 1 - p over predicted-positive rows
 * @param falseNegatives expected false negatives: the sum of p over predicted-negative rows
 * @param trueNegatives expected true negatives: the sum of 1 - p over predicted-negative rows
 * @param accuracy (TP + TN) / rows
 * @param precision TP / (TP + FP)
 * @param recall TP / (TP + FN)
 * @param f1 2 TP / (2 TP + FP + FN)
 * @param rocAuc the expected ROC AUC (see {@link BinaryCbpe#rocAuc(double[])})
 * @param standardErrors the standard error of each metric; a metric missing from the map has an
 *     unknown standard error (NaN). Copied into an unmodifiable map.
 */
public record BinaryPerformanceEstimate(long rows, double truePositives, double falsePositives,
        double falseNegatives, double trueNegatives, double accuracy, double precision, double recall,
        double f1, double rocAuc, Map<EstimatedMetric, Double> standardErrors) implements PerformanceEstimate {

    /**
     * Validates the estimate.
     *
     * @param rows the window's row count, at least one
     * @param truePositives expected true positives
     * @param falsePositives expected false positives
     * @param falseNegatives expected false negatives
     * @param trueNegatives expected true negatives
     * @param accuracy the estimated accuracy
     * @param precision the estimated precision, NaN without predicted positives
     * @param recall the estimated recall, NaN without expected positives
     * @param f1 the estimated F1
     * @param rocAuc the expected ROC AUC
     * @param standardErrors the standard error of each metric, each NaN or not negative
     * @throws IllegalArgumentException if rows is not positive, a cell of the confusion matrix is
     *     negative or not finite, the cells do not sum to rows, accuracy or its standard error is
     *     not finite, standardErrors is null or holds a null, negative or infinite value
     */
    public BinaryPerformanceEstimate {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1: " + rows);
        }
        checkCell("truePositives", truePositives);
        checkCell("falsePositives", falsePositives);
        checkCell("falseNegatives", falseNegatives);
        checkCell("trueNegatives", trueNegatives);
        double total = truePositives + falsePositives + falseNegatives + trueNegatives;
        if (Math.abs(total - rows) > 1e-6 * rows) {
            throw new IllegalArgumentException("the confusion matrix must sum to rows (" + rows + "): " + total);
        }
        standardErrors = copyStandardErrors(standardErrors);
        double accuracyError = standardErrors.getOrDefault(EstimatedMetric.ACCURACY, Double.NaN);
        if (!Double.isFinite(accuracy) || !Double.isFinite(accuracyError)) {
            throw new IllegalArgumentException("accuracy (" + accuracy + ") and its standard error ("
                    + accuracyError + ") must be finite");
        }
    }

    /**
     * Copies and checks a map of standard errors.
     *
     * @param standardErrors the map
     * @return an unmodifiable copy
     * @throws IllegalArgumentException if the map is null or a value is null, negative or infinite
     */
    static Map<EstimatedMetric, Double> copyStandardErrors(Map<EstimatedMetric, Double> standardErrors) {
        if (standardErrors == null) {
            throw new IllegalArgumentException("standardErrors must not be null");
        }
        Map<EstimatedMetric, Double> copy = new EnumMap<>(EstimatedMetric.class);
        for (Map.Entry<EstimatedMetric, Double> e : standardErrors.entrySet()) {
            Double v = e.getValue();
            if (e.getKey() == null || v == null || v < 0 || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("standardErrors[" + e.getKey() + "] must be NaN or finite and not negative: " + v);
            }
            copy.put(e.getKey(), v);
        }
        return Map.copyOf(copy);
    }

    private static void checkCell(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and not negative: " + value);
        }
    }

    @Override
    public double value(EstimatedMetric metric) {
        return switch (Objects.requireNonNull(metric, "metric")) {
            case ACCURACY -> accuracy;
            case PRECISION -> precision;
            case RECALL -> recall;
            case F1 -> f1;
            case ROC_AUC -> rocAuc;
        };
    }

    /**
     * The standard error of each metric; a metric missing from the map has an unknown standard
     * error (NaN).
     *
     * @return an unmodifiable map
     */
    @Override
    public Map<EstimatedMetric, Double> standardErrors() {
        return Map.copyOf(standardErrors);  // already unmodifiable: no copy is made
    }

    @Override
    public double standardError(EstimatedMetric metric) {
        return standardErrors.getOrDefault(Objects.requireNonNull(metric, "metric"), Double.NaN);
    }

    /**
     * The standard error of the realised accuracy around the estimate, sqrt(sum p(1 - p)) / rows.
     *
     * @return {@code standardError(EstimatedMetric.ACCURACY)}
     */
    public double accuracyStandardError() {
        return standardError(EstimatedMetric.ACCURACY);
    }

    /**
     * The lower end of the accuracy band: accuracy minus {@code k} standard errors.
     *
     * @param k how many standard errors, finite and not negative (3 is NannyML's default)
     * @return the lower bound, not below 0
     * @throws IllegalArgumentException if k is negative or not finite
     */
    public double accuracyLower(double k) {
        return lower(EstimatedMetric.ACCURACY, k);
    }

    /**
     * The upper end of the accuracy band: accuracy plus {@code k} standard errors.
     *
     * @param k how many standard errors, finite and not negative (3 is NannyML's default)
     * @return the upper bound, not above 1
     * @throws IllegalArgumentException if k is negative or not finite
     */
    public double accuracyUpper(double k) {
        return upper(EstimatedMetric.ACCURACY, k);
    }
}
