package org.mlops4j.monitoring.estimate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates a multiclass classifier's scores as NannyML's multiclass CBPE does: one
 * {@link IsotonicCalibrator} per class, fitted one-vs-rest on labelled reference data (the class's
 * score against whether the label is that class), and the calibrated probabilities of a row
 * renormalised to sum to one.
 *
 * <p>If every class's calibrated probability of a row is 0 (possible only where each class's
 * calibrator is clipped to 0, far from its reference positives), the row gets the uniform
 * distribution 1 / K over the K classes.
 *
 * <p>Immutable and thread-safe once fitted. Memory: K isotonic calibrators, each holding at most
 * one point per distinct reference score of its class.
 */
public final class MulticlassCalibrator {

    private final List<String> classes;
    private final IsotonicCalibrator[] calibrators;

    private MulticlassCalibrator(List<String> classes, IsotonicCalibrator[] calibrators) {
        this.classes = classes;
        this.calibrators = calibrators;
    }

    /**
     * Fits one isotonic calibrator per class, one-vs-rest.
     *
     * @param classes the class names, at least two, distinct, not null; the order of the score columns
     * @param scores the model's reference scores, {@code scores[row][class index]}, finite, at least one row
     * @param labels the reference labels, one per row, each one of classes
     * @return the fitted calibrator
     * @throws IllegalArgumentException if an argument is null or empty, the classes are fewer than
     *     two or repeated, a row has not one score per class, a score is not finite, or a label is
     *     not one of the classes
     */
    public static MulticlassCalibrator fit(List<String> classes, double[][] scores, String[] labels) {
        Map<String, Integer> index = indexOf(classes);
        checkRows("scores", scores, classes.size());
        if (labels == null || labels.length != scores.length) {
            throw new IllegalArgumentException("labels must have as many rows as scores (" + scores.length + "): "
                    + (labels == null ? null : labels.length));
        }
        int k = classes.size();
        int n = scores.length;
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            Integer c = index.get(labels[i]);  // a HashMap finds no null key
            if (c == null) {
                throw new IllegalArgumentException("labels[" + i + "] must be one of " + classes + ": " + labels[i]);
            }
            label[i] = c;
        }
        IsotonicCalibrator[] calibrators = new IsotonicCalibrator[k];
        double[] column = new double[n];
        int[] outcomes = new int[n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                column[i] = scores[i][c];
                outcomes[i] = label[i] == c ? 1 : 0;
            }
            calibrators[c] = IsotonicCalibrator.fit(column, outcomes);
        }
        return new MulticlassCalibrator(List.copyOf(classes), calibrators);
    }

    /**
     * The class names, in the order of the score columns and of the calibrated probabilities.
     *
     * @return an unmodifiable list
     */
    public List<String> classes() {
        return List.copyOf(classes);  // already unmodifiable: no copy is made
    }

    /**
     * The one-vs-rest calibrator of a class, before renormalisation.
     *
     * @param classIndex the class's index in {@link #classes()}
     * @return its isotonic calibrator
     * @throws IndexOutOfBoundsException if the index is not a class's
     */
    public IsotonicCalibrator calibrator(int classIndex) {
        return calibrators[classIndex];
    }

    /**
     * Calibrates one row's scores: each class's isotonic calibration, divided by their sum.
     *
     * @param scores one finite score per class, in the order of {@link #classes()}
     * @return a new array of probabilities summing to 1
     * @throws IllegalArgumentException if scores is null, has not one score per class or a score is not finite
     */
    public double[] calibrate(double[] scores) {
        int k = calibrators.length;
        if (scores == null || scores.length != k) {
            throw new IllegalArgumentException("scores must have one score per class (" + k + "): "
                    + (scores == null ? null : scores.length));
        }
        double[] p = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = calibrators[c].calibrate(scores[c]);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] = sum > 0 ? p[c] / sum : 1.0 / k;
        }
        return p;
    }

    /**
     * Calibrates every row.
     *
     * @param scores {@code scores[row][class index]}, finite
     * @return {@code probabilities[row][class index]}, each row summing to 1
     * @throws IllegalArgumentException if scores is null, a row has not one score per class or a score is not finite
     */
    public double[][] calibrate(double[][] scores) {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        double[][] out = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == null || scores[i].length != calibrators.length) {
                throw new IllegalArgumentException("scores[" + i + "] must have one score per class ("
                        + calibrators.length + "): " + (scores[i] == null ? null : scores[i].length));
            }
            out[i] = calibrate(scores[i]);
        }
        return out;
    }

    /**
     * Maps class names to their index, checking them.
     *
     * @param classes the class names
     * @return name to index
     * @throws IllegalArgumentException if classes is null, has fewer than two names, a null or a repeated name
     */
    static Map<String, Integer> indexOf(List<String> classes) {
        if (classes == null || classes.size() < 2) {
            throw new IllegalArgumentException("classes must hold at least two names: " + classes);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            String name = classes.get(c);
            if (name == null || index.put(name, c) != null) {
                throw new IllegalArgumentException("classes must be distinct and not null: " + classes);
            }
        }
        return index;
    }

    /**
     * Checks a matrix of rows with one value per class.
     *
     * @param name the argument's name
     * @param rows the matrix
     * @param k the number of classes
     * @throws IllegalArgumentException if rows is null or empty, or a row is null or not of length k
     */
    static void checkRows(String name, double[][] rows, int k) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(name + " must not be null or empty");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != k) {
                throw new IllegalArgumentException(name + "[" + i + "] must have one value per class (" + k + "): "
                        + (rows[i] == null ? null : rows[i].length));
            }
        }
    }
}
