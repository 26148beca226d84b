package org.mlops4j.monitoring.estimate;

/**
 * A binary classifier's performance on one window, estimated without labels by
 * {@link BinaryCbpe}: the expected confusion matrix and the metrics computed from it.
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
 * @param accuracyStandardError the standard error of the realised accuracy around the estimate,
 *     sqrt(sum p(1 - p)) / rows (see {@link BinaryCbpe})
 */
public record BinaryPerformanceEstimate(int rows, double truePositives, double falsePositives,
        double falseNegatives, double trueNegatives, double accuracy, double precision, double recall,
        double f1, double rocAuc, double accuracyStandardError) {

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
     * @param accuracyStandardError the standard error of the realised accuracy
     * @throws IllegalArgumentException if rows is not positive, a cell of the confusion matrix is
     *     negative or not finite, the cells do not sum to rows, or accuracy or its standard error is
     *     not finite
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
        if (!Double.isFinite(accuracy) || !Double.isFinite(accuracyStandardError)) {
            throw new IllegalArgumentException("accuracy (" + accuracy + ") and accuracyStandardError ("
                    + accuracyStandardError + ") must be finite");
        }
    }

    private static void checkCell(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and not negative: " + value);
        }
    }

    /**
     * The lower end of the accuracy band: accuracy minus {@code k} standard errors.
     *
     * @param k how many standard errors, finite and not negative (3 is NannyML's default)
     * @return the lower bound, not below 0
     * @throws IllegalArgumentException if k is negative or not finite
     */
    public double accuracyLower(double k) {
        return Math.max(0.0, accuracy - checkK(k) * accuracyStandardError);
    }

    /**
     * The upper end of the accuracy band: accuracy plus {@code k} standard errors.
     *
     * @param k how many standard errors, finite and not negative (3 is NannyML's default)
     * @return the upper bound, not above 1
     * @throws IllegalArgumentException if k is negative or not finite
     */
    public double accuracyUpper(double k) {
        return Math.min(1.0, accuracy + checkK(k) * accuracyStandardError);
    }

    private static double checkK(double k) {
        if (!(k >= 0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException("k must be finite and not negative: " + k);
        }
        return k;
    }
}
