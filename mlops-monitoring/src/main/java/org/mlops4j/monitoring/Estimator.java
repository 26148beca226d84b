package org.mlops4j.monitoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.OutputReader;
import org.mlops4j.monitoring.estimate.BinaryCbpe;
import org.mlops4j.monitoring.estimate.IsotonicCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCbpe;
import org.mlops4j.monitoring.estimate.PerformanceEstimate;

/**
 * A {@link PerformanceEstimation} bound to a monitor: reads each answer's scores and predicted
 * class (on the serving thread, into a caller's scratch row), estimates a closed window (on the
 * analysis executor) and maps a true label to its class for the realised figures. Class index 1 is
 * the positive class of a binary model (0 every other label); a multiclass model's index is the
 * label's position in its classes. Immutable and thread-safe.
 */
abstract class Estimator {

    /** Returned by {@link #read} for an answer the estimate leaves out. */
    static final int UNREADABLE = -1;

    final double band;
    final int maxRows;

    private Estimator(double band, int maxRows) {
        this.band = band;
        this.maxRows = maxRows;
    }

    /** @return scores kept per row: one for a binary model, one per class otherwise */
    abstract int width();

    /** @return the size of the realised confusion matrix: 2, or the number of classes */
    abstract int classes();

    /**
     * Reads an answer into {@code row[0 .. width())}.
     *
     * @return the predicted class index, or {@link #UNREADABLE} when the scores are missing or out of range
     */
    abstract int read(Object output, String label, double[] row);

    /** @return the class index of a true label, or {@link #UNREADABLE} for a label outside the classes */
    abstract int truth(String label);

    /** Estimates a window from its rows: {@code scores} holds {@code rows * width()} values. */
    abstract PerformanceEstimate estimate(double[] scores, int[] predicted, int rows);

    /** A binary answer's score from the answer and the label the monitor already read from it. */
    @FunctionalInterface
    interface BinaryScore {
        /**
         * @param output the model's answer
         * @param label its label as the monitor's output reader read it (null when unreadable)
         * @return the positive class's score, in [0, 1] for a readable answer
         */
        double score(Object output, String label);
    }

    /**
     * The default binary score: the confidence when the answer's label is positive, one minus it
     * otherwise (NaN, so unreadable, without a label). Uses the label the monitor read for the event
     * rather than reading it a second time on the serving thread.
     */
    static BinaryScore confidenceScore(OutputReader<Object> outputs, String positive) {
        return (output, label) -> {
            if (label == null) {
                return Double.NaN;
            }
            double confidence = outputs.confidence(output);
            return positive.equals(label) ? confidence : 1 - confidence;
        };
    }

    static Estimator binary(ToDoubleFunction<Object> score, String positive, double threshold,
                            IsotonicCalibrator calibrator, double band, int maxRows) {
        return new Binary((output, label) -> score.applyAsDouble(output), positive, threshold, calibrator, band,
                maxRows);
    }

    static Estimator binary(BinaryScore score, String positive, double threshold, IsotonicCalibrator calibrator,
                            double band, int maxRows) {
        return new Binary(score, positive, threshold, calibrator, band, maxRows);
    }

    static Estimator multiclass(Function<Object, double[]> scores, MulticlassCalibrator calibrator, double band,
                                int maxRows) {
        return new Multiclass(scores, calibrator, band, maxRows);
    }

    private static final class Binary extends Estimator {
        private final BinaryScore score;
        private final String positive;
        private final double threshold;
        private final IsotonicCalibrator calibrator;

        Binary(BinaryScore score, String positive, double threshold, IsotonicCalibrator calibrator,
               double band, int maxRows) {
            super(band, maxRows);
            this.score = score;
            this.positive = positive;
            this.threshold = threshold;
            this.calibrator = calibrator;
        }

        @Override
        int width() {
            return 1;
        }

        @Override
        int classes() {
            return 2;
        }

        @Override
        int read(Object output, String label, double[] row) {
            double s = score.score(output, label);
            if (!(s >= 0 && s <= 1)) {
                return UNREADABLE;
            }
            row[0] = s;
            return s >= threshold ? 1 : 0;
        }

        @Override
        int truth(String label) {
            return positive.equals(label) ? 1 : 0;
        }

        @Override
        PerformanceEstimate estimate(double[] scores, int[] predicted, int rows) {
            double[] p = new double[rows];
            boolean[] positives = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                p[i] = calibrator.calibrate(scores[i]);
                positives[i] = predicted[i] == 1;
            }
            return BinaryCbpe.estimate(p, positives);
        }
    }

    private static final class Multiclass extends Estimator {
        private final Function<Object, double[]> scores;
        private final MulticlassCalibrator calibrator;
        private final List<String> classes;
        private final Map<String, Integer> index = new HashMap<>();

        Multiclass(Function<Object, double[]> scores, MulticlassCalibrator calibrator, double band, int maxRows) {
            super(band, maxRows);
            this.scores = scores;
            this.calibrator = calibrator;
            this.classes = calibrator.classes();
            for (int i = 0; i < classes.size(); i++) {
                index.put(classes.get(i), i);
            }
        }

        @Override
        int width() {
            return classes.size();
        }

        @Override
        int classes() {
            return classes.size();
        }

        @Override
        int read(Object output, String label, double[] row) {
            Integer predicted = label == null ? null : index.get(label);
            if (predicted == null) {
                return UNREADABLE;
            }
            double[] s = scores.apply(output);
            if (s == null || s.length != row.length) {
                return UNREADABLE;
            }
            for (int c = 0; c < s.length; c++) {
                if (!Double.isFinite(s[c])) {
                    return UNREADABLE;
                }
                row[c] = s[c];
            }
            return predicted;
        }

        @Override
        int truth(String label) {
            Integer i = index.get(label);
            return i == null ? UNREADABLE : i;
        }

        @Override
        PerformanceEstimate estimate(double[] flat, int[] predicted, int rows) {
            int k = classes.size();
            double[][] matrix = new double[rows][];
            String[] labels = new String[rows];
            for (int i = 0; i < rows; i++) {
                double[] row = new double[k];
                System.arraycopy(flat, i * k, row, 0, k);
                matrix[i] = row;
                labels[i] = classes.get(predicted[i]);
            }
            return MulticlassCbpe.estimate(calibrator, matrix, labels);
        }
    }
}
