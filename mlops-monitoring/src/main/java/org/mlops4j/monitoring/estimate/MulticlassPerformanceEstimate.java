package org.mlops4j.monitoring.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A multiclass classifier's performance on one window, estimated without labels by
 * {@link MulticlassCbpe}: the expected confusion matrix, per-class one-vs-rest precision, recall,
 * F1 and ROC AUC, their macro averages and the standard error of each estimated figure.
 *
 * <p>{@link #value(EstimatedMetric)} gives the accuracy and the macro averages (the unweighted
 * mean over the classes); a macro average is NaN when the figure of one class is NaN (precision of
 * a class never predicted, recall of a class with zero expected rows, ROC AUC of a class whose
 * probabilities are all 0 or all 1). Arrays are copied in and out.
 *
 * @param rows the window's row count, at least one
 * @param classes the class names, in the order of every array
 * @param confusionMatrix the expected confusion matrix, {@code [true class][predicted class]}: the
 *     sum of the calibrated probability of the true class over the rows predicted as the predicted class
 * @param accuracy the trace of the matrix divided by rows
 * @param precision per class: the diagonal cell over its column sum
 * @param recall per class: the diagonal cell over its row sum
 * @param f1 per class: 2 diagonal / (row sum + column sum)
 * @param rocAuc per class: the expected one-vs-rest ROC AUC of the class's calibrated probabilities
 * @param standardErrors the standard error of accuracy and of each macro average; a metric missing
 *     from the map has an unknown standard error (NaN). Copied into an unmodifiable map.
 */
public record MulticlassPerformanceEstimate(long rows, List<String> classes, double[][] confusionMatrix,
        double accuracy, double[] precision, double[] recall, double[] f1, double[] rocAuc,
        Map<EstimatedMetric, Double> standardErrors) implements PerformanceEstimate {

    /**
     * Validates and copies the estimate.
     *
     * @param rows the window's row count, at least one
     * @param classes the class names, at least two, distinct
     * @param confusionMatrix the expected confusion matrix, K by K, finite and not negative, summing to rows
     * @param accuracy the estimated accuracy, finite
     * @param precision per-class precision, K values
     * @param recall per-class recall, K values
     * @param f1 per-class F1, K values
     * @param rocAuc per-class ROC AUC, K values
     * @param standardErrors the standard errors, each NaN or finite and not negative
     * @throws IllegalArgumentException if an argument is null, of the wrong size or out of range
     */
    public MulticlassPerformanceEstimate {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1: " + rows);
        }
        MulticlassCalibrator.indexOf(classes);
        classes = List.copyOf(classes);
        int k = classes.size();
        if (confusionMatrix == null || confusionMatrix.length != k) {
            throw new IllegalArgumentException("confusionMatrix must have one row per class (" + k + ")");
        }
        double[][] matrix = new double[k][];
        double total = 0;
        for (int i = 0; i < k; i++) {
            if (confusionMatrix[i] == null || confusionMatrix[i].length != k) {
                throw new IllegalArgumentException("confusionMatrix[" + i + "] must have one cell per class (" + k + ")");
            }
            matrix[i] = confusionMatrix[i].clone();
            for (int j = 0; j < k; j++) {
                double v = matrix[i][j];
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("confusionMatrix[" + i + "][" + j + "] must be finite and not negative: " + v);
                }
                total += v;
            }
        }
        if (Math.abs(total - rows) > 1e-6 * rows) {
            throw new IllegalArgumentException("the confusion matrix must sum to rows (" + rows + "): " + total);
        }
        confusionMatrix = matrix;
        precision = perClass("precision", precision, k);
        recall = perClass("recall", recall, k);
        f1 = perClass("f1", f1, k);
        rocAuc = perClass("rocAuc", rocAuc, k);
        standardErrors = BinaryPerformanceEstimate.copyStandardErrors(standardErrors);
        if (!Double.isFinite(accuracy)) {
            throw new IllegalArgumentException("accuracy must be finite: " + accuracy);
        }
    }

    private static double[] perClass(String name, double[] values, int k) {
        if (values == null || values.length != k) {
            throw new IllegalArgumentException(name + " must have one value per class (" + k + "): "
                    + (values == null ? null : values.length));
        }
        return values.clone();
    }

    /**
     * The expected confusion matrix, {@code [true class][predicted class]}.
     *
     * @return a copy
     */
    @Override
    public double[][] confusionMatrix() {
        double[][] copy = new double[confusionMatrix.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = confusionMatrix[i].clone();
        }
        return copy;
    }

    /**
     * Per-class precision, in the order of {@link #classes()}.
     *
     * @return a copy
     */
    @Override
    public double[] precision() {
        return precision.clone();
    }

    /**
     * Per-class recall, in the order of {@link #classes()}.
     *
     * @return a copy
     */
    @Override
    public double[] recall() {
        return recall.clone();
    }

    /**
     * Per-class F1, in the order of {@link #classes()}.
     *
     * @return a copy
     */
    @Override
    public double[] f1() {
        return f1.clone();
    }

    /**
     * Per-class one-vs-rest ROC AUC, in the order of {@link #classes()}.
     *
     * @return a copy
     */
    @Override
    public double[] rocAuc() {
        return rocAuc.clone();
    }

    /**
     * The estimated accuracy or macro average.
     *
     * @param metric the figure
     * @return accuracy, or the unweighted mean of the per-class figure (NaN if one class's is NaN)
     * @throws NullPointerException if metric is null
     */
    @Override
    public double value(EstimatedMetric metric) {
        return switch (Objects.requireNonNull(metric, "metric")) {
            case ACCURACY -> accuracy;
            case PRECISION -> mean(precision);
            case RECALL -> mean(recall);
            case F1 -> mean(f1);
            case ROC_AUC -> mean(rocAuc);
        };
    }

    /**
     * One class's estimated figure.
     *
     * @param metric the figure; for ACCURACY the overall accuracy
     * @param className one of {@link #classes()}
     * @return the class's one-vs-rest figure
     * @throws IllegalArgumentException if the class is unknown
     * @throws NullPointerException if metric is null
     */
    public double value(EstimatedMetric metric, String className) {
        int c = classes.indexOf(className);
        if (c < 0) {
            throw new IllegalArgumentException("className must be one of " + classes + ": " + className);
        }
        return switch (Objects.requireNonNull(metric, "metric")) {
            case ACCURACY -> accuracy;
            case PRECISION -> precision[c];
            case RECALL -> recall[c];
            case F1 -> f1[c];
            case ROC_AUC -> rocAuc[c];
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

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MulticlassPerformanceEstimate e && rows == e.rows && classes.equals(e.classes)
                && Arrays.deepEquals(confusionMatrix, e.confusionMatrix)
                && Double.compare(accuracy, e.accuracy) == 0 && Arrays.equals(precision, e.precision)
                && Arrays.equals(recall, e.recall) && Arrays.equals(f1, e.f1) && Arrays.equals(rocAuc, e.rocAuc)
                && standardErrors.equals(e.standardErrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, classes, Arrays.deepHashCode(confusionMatrix), accuracy, Arrays.hashCode(precision),
                Arrays.hashCode(recall), Arrays.hashCode(f1), Arrays.hashCode(rocAuc), standardErrors);
    }

    @Override
    public String toString() {
        return "MulticlassPerformanceEstimate[rows=" + rows + ", classes=" + classes + ", confusionMatrix="
                + Arrays.deepToString(confusionMatrix) + ", accuracy=" + accuracy + ", precision="
                + Arrays.toString(precision) + ", recall=" + Arrays.toString(recall) + ", f1=" + Arrays.toString(f1)
                + ", rocAuc=" + Arrays.toString(rocAuc) + ", standardErrors=" + standardErrors + "]";
    }
}
