package org.mlops4j.monitoring;

import org.mlops4j.monitoring.estimate.EstimatedMetric;

/**
 * What the labels that arrived later say about the predictions of one estimated window: the
 * realised figures to put next to its estimate ({@link EstimatedWindow}). A label is attributed to
 * the window its prediction was made in (by the prediction's timestamp). Precision, recall and F1
 * are those of the positive class for a binary model and macro averages over the classes for a
 * multiclass one (the unweighted mean of the per-class figures, NaN when one class's is NaN, as in
 * the estimate: a class never predicted has no precision, one never true no recall); a figure with
 * a zero denominator is NaN, every figure is NaN before the first label.
 *
 * @param labelled predictions of the window whose label arrived
 * @param coverage labelled / the window's estimated predictions, in [0, 1] (NaN when none was estimated)
 * @param accuracy correct / labelled
 * @param precision TP / (TP + FP) (macro for a multiclass model)
 * @param recall TP / (TP + FN) (macro for a multiclass model)
 * @param f1 2 TP / (2 TP + FP + FN) (macro for a multiclass model)
 */
public record RealisedPerformance(long labelled, double coverage, double accuracy, double precision, double recall,
                                  double f1) {

    /**
     * Validates the figures.
     *
     * @param labelled predictions of the window whose label arrived, not negative
     * @param coverage labelled / estimated predictions
     * @param accuracy correct / labelled
     * @param precision the realised precision
     * @param recall the realised recall
     * @param f1 the realised F1
     * @throws IllegalArgumentException if labelled is negative
     */
    public RealisedPerformance {
        if (labelled < 0) {
            throw new IllegalArgumentException("labelled must not be negative but was " + labelled);
        }
    }

    /**
     * A realised figure by the name of the estimated one.
     *
     * @param metric the figure
     * @return its realised value; NaN for ROC AUC (the monitor does not keep the scores of labelled
     *     predictions) and for a figure with a zero denominator
     */
    public double value(EstimatedMetric metric) {
        return switch (metric) {
            case ACCURACY -> accuracy;
            case PRECISION -> precision;
            case RECALL -> recall;
            case F1 -> f1;
            case ROC_AUC -> Double.NaN;
        };
    }

    /**
     * The realised figures of a confusion matrix of counts.
     *
     * @param confusion {@code confusion[truth * classes + predicted]}
     * @param classes the matrix's size: 2 for a binary model (class 1 positive), else the classes
     * @param estimated the window's estimated predictions
     * @return the figures
     */
    static RealisedPerformance of(long[] confusion, int classes, long estimated) {
        long labelled = 0;
        long correct = 0;
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                labelled += confusion[t * classes + p];
            }
            correct += confusion[t * classes + t];
        }
        double coverage = estimated == 0 ? Double.NaN : (double) labelled / estimated;
        double accuracy = (double) correct / labelled;
        if (classes == 2) {
            double tp = confusion[3];
            double fp = confusion[1];
            double fn = confusion[2];
            return new RealisedPerformance(labelled, coverage, accuracy, tp / (tp + fp), tp / (tp + fn),
                    2 * tp / (2 * tp + fp + fn));
        }
        double[] sums = new double[3];
        for (int c = 0; c < classes; c++) {
            double tp = confusion[c * classes + c];
            double predicted = 0;
            double actual = 0;
            for (int o = 0; o < classes; o++) {
                predicted += confusion[o * classes + c];
                actual += confusion[c * classes + o];
            }
            sums[0] += tp / predicted;
            sums[1] += tp / actual;
            sums[2] += 2 * tp / (predicted + actual);
        }
        return new RealisedPerformance(labelled, coverage, accuracy, sums[0] / classes, sums[1] / classes,
                sums[2] / classes);
    }
}
