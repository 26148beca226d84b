package org.mlops4j.monitoring.estimate;

import java.util.Locale;

/**
 * The figures confidence-based performance estimation (CBPE) estimates for a classifier. For a
 * multiclass model {@link #PRECISION}, {@link #RECALL}, {@link #F1} and {@link #ROC_AUC} are macro
 * averages: the unweighted mean of the per-class (one-vs-rest) figures.
 */
public enum EstimatedMetric {
    /** The share of rows whose predicted class is the true class. */
    ACCURACY,
    /** TP / (TP + FP): the share of predicted positives that are positive (macro for multiclass). */
    PRECISION,
    /** TP / (TP + FN): the share of positives predicted positive (macro for multiclass). */
    RECALL,
    /** 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall (macro for multiclass). */
    F1,
    /** The area under the ROC curve (one-vs-rest, macro for multiclass). */
    ROC_AUC;

    /**
     * The metric's name in metric keys, reports and exports.
     *
     * @return the lower-case name, e.g. {@code "accuracy"} or {@code "roc_auc"}
     */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
