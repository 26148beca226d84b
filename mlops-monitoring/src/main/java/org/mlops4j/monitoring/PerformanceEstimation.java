package org.mlops4j.monitoring;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.OutputReader;
import org.mlops4j.monitoring.estimate.IsotonicCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCalibrator;

/**
 * How a {@link ModelMonitor} estimates a classifier's performance per window before the labels
 * arrive (NannyML's confidence-based performance estimation, CBPE), given with
 * {@link ModelMonitor.Builder#estimatePerformance}. Built from labelled reference data: the
 * model's scores on it and the true labels, from which a calibrator is fitted once, here.
 *
 * <ul>
 *   <li>{@link #binary}: the score is the model's probability of the positive label, by default
 *       read from the monitor's {@link OutputReader}: its confidence when the answer's label is the
 *       positive one, one minus it otherwise ({@link #withScore} reads it another way). A row is
 *       predicted positive when its score is at least {@link #withThreshold the threshold} (0.5).
 *       Calibration: {@link IsotonicCalibrator}.</li>
 *   <li>{@link #multiclass}: a function reads a score per class from the answer; the predicted
 *       class is the answer's label. Calibration: {@link MulticlassCalibrator} (one-vs-rest isotonic,
 *       renormalised).</li>
 * </ul>
 *
 * <p>Per window the monitor keeps only the scores and predicted class of each answered routed
 * prediction, up to {@link #withMaxRows} rows (5,000 by default, then a uniform reservoir sample
 * of that many), and estimates on its analysis executor when the window closes. Regression models
 * are not estimated here (see the monitoring guide).
 *
 * <p>Immutable and thread-safe; the withers return copies.
 *
 * @param <O> the answer type
 */
public final class PerformanceEstimation<O> {

    /** The default band width: NannyML's three standard errors. */
    public static final double DEFAULT_BAND = 3.0;
    /** The default bound on the rows kept per window. */
    public static final int DEFAULT_MAX_ROWS = 5_000;

    private final String positiveLabel;
    private final ToDoubleFunction<? super O> score;
    private final double threshold;
    private final IsotonicCalibrator binary;
    private final MulticlassCalibrator multiclass;
    private final Function<? super O, double[]> scores;
    private final double band;
    private final int maxRows;

    private PerformanceEstimation(String positiveLabel, ToDoubleFunction<? super O> score, double threshold,
                                  IsotonicCalibrator binary, MulticlassCalibrator multiclass,
                                  Function<? super O, double[]> scores, double band, int maxRows) {
        this.positiveLabel = positiveLabel;
        this.score = score;
        this.threshold = threshold;
        this.binary = binary;
        this.multiclass = multiclass;
        this.scores = scores;
        this.band = band;
        this.maxRows = maxRows;
    }

    /**
     * Estimation for a binary classifier, calibrated on reference scores and labels.
     *
     * @param positiveLabel the label of the positive class, as the monitor's output reader reads it
     * @param referenceScores the model's probability of the positive label on the reference rows, each in [0, 1]
     * @param referenceLabels the true label of each reference row, as many as scores; both the
     *     positive label and another one must occur
     * @param <O> the answer type
     * @return the estimation, with the default score function, threshold 0.5, band 3 and 5,000 rows
     * @throws IllegalArgumentException if a score is outside [0, 1], the lengths differ, there are
     *     fewer than two rows, a label is null or the labels are all positive or all negative
     */
    public static <O> PerformanceEstimation<O> binary(String positiveLabel, double[] referenceScores,
                                                      String[] referenceLabels) {
        requireNonBlank(positiveLabel, "positiveLabel");
        check(referenceScores, referenceLabels);
        int[] outcomes = new int[referenceLabels.length];
        int positives = 0;
        for (int i = 0; i < referenceScores.length; i++) {
            double s = referenceScores[i];
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("referenceScores[" + i + "] must be in [0, 1] but was " + s);
            }
            outcomes[i] = positiveLabel.equals(referenceLabels[i]) ? 1 : 0;
            positives += outcomes[i];
        }
        if (positives == 0 || positives == outcomes.length) {
            throw new IllegalArgumentException("referenceLabels must hold the positive label '" + positiveLabel
                    + "' and another one, but " + positives + " of " + outcomes.length + " rows are positive");
        }
        return new PerformanceEstimation<>(positiveLabel, null, 0.5, IsotonicCalibrator.fit(referenceScores, outcomes),
                null, null, DEFAULT_BAND, DEFAULT_MAX_ROWS);
    }

    /**
     * Estimation for a multiclass classifier, calibrated on reference scores and labels.
     *
     * @param classes the classes, as the monitor's output reader labels them, at least two, distinct
     * @param scores reads the model's score of each class from an answer, in the order of {@code classes}
     * @param referenceScores the model's scores on the reference rows, {@code [row][class]}
     * @param referenceLabels the true label of each reference row, each one of the classes
     * @param <O> the answer type
     * @return the estimation, with band 3 and 5,000 rows
     * @throws IllegalArgumentException if there are fewer than two classes or a duplicate, the
     *     lengths differ, a row has not one score per class, a score is not finite, a label is not
     *     one of the classes or fewer than two classes occur among the labels
     */
    public static <O> PerformanceEstimation<O> multiclass(List<String> classes, Function<? super O, double[]> scores,
                                                          double[][] referenceScores, String[] referenceLabels) {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(scores, "scores");
        if (classes.size() < 2 || new HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("classes must be at least two distinct labels but were " + classes);
        }
        if (referenceScores == null || referenceLabels == null) {
            throw new IllegalArgumentException("referenceScores and referenceLabels must not be null");
        }
        if (referenceScores.length != referenceLabels.length || referenceScores.length < 2) {
            throw new IllegalArgumentException("referenceScores (" + referenceScores.length + " rows) and referenceLabels ("
                    + referenceLabels.length + ") must have the same length, at least 2");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < referenceScores.length; i++) {
            double[] row = referenceScores[i];
            if (row == null || row.length != classes.size()) {
                throw new IllegalArgumentException("referenceScores[" + i + "] must have " + classes.size()
                        + " scores (one per class) but had " + (row == null ? null : row.length));
            }
            for (int c = 0; c < row.length; c++) {
                if (!Double.isFinite(row[c])) {
                    throw new IllegalArgumentException("referenceScores[" + i + "][" + c + "] must be finite but was "
                            + row[c]);
                }
            }
            if (!classes.contains(referenceLabels[i])) {
                throw new IllegalArgumentException("referenceLabels[" + i + "] must be one of " + classes + " but was "
                        + referenceLabels[i]);
            }
            seen.add(referenceLabels[i]);
        }
        if (seen.size() < 2) {
            throw new IllegalArgumentException("referenceLabels must hold at least two classes but held only " + seen);
        }
        return new PerformanceEstimation<>(null, null, Double.NaN, null,
                MulticlassCalibrator.fit(List.copyOf(classes), referenceScores, referenceLabels.clone()), scores,
                DEFAULT_BAND, DEFAULT_MAX_ROWS);
    }

    private static void check(double[] scores, String[] labels) {
        if (scores == null || labels == null) {
            throw new IllegalArgumentException("referenceScores and referenceLabels must not be null");
        }
        if (scores.length != labels.length || scores.length < 2) {
            throw new IllegalArgumentException("referenceScores (" + scores.length + ") and referenceLabels ("
                    + labels.length + ") must have the same length, at least 2");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                throw new IllegalArgumentException("referenceLabels[" + i + "] must not be null");
            }
        }
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank but was '" + value + "'");
        }
    }

    /**
     * Reads a binary model's probability of the positive label from the answer another way than
     * from the output reader's confidence and label.
     *
     * @param value reads the probability of the positive label, in [0, 1]; an answer it gives
     *     another value for (or throws on) is left out of the estimate and counted
     * @return a copy with the score function
     * @throws IllegalStateException if this is a multiclass estimation
     */
    public PerformanceEstimation<O> withScore(ToDoubleFunction<? super O> value) {
        Objects.requireNonNull(value, "score");
        requireBinary("withScore");
        return new PerformanceEstimation<>(positiveLabel, value, threshold, binary, null, null, band, maxRows);
    }

    /**
     * Sets a binary model's decision threshold on its score.
     *
     * @param value a row is predicted positive when its score is at least this, in (0, 1]
     * @return a copy with the threshold
     * @throws IllegalArgumentException if the threshold is outside (0, 1]
     * @throws IllegalStateException if this is a multiclass estimation
     */
    public PerformanceEstimation<O> withThreshold(double value) {
        requireBinary("withThreshold");
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1] but was " + value);
        }
        return new PerformanceEstimation<>(positiveLabel, score, value, binary, null, null, band, maxRows);
    }

    /**
     * Sets the width of the sampling-error bands, in standard errors.
     *
     * @param value how many standard errors either side of the estimate, finite, above 0
     * @return a copy with the band width
     * @throws IllegalArgumentException if the value is not finite or not positive
     */
    public PerformanceEstimation<O> withBand(double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("band must be finite and above 0 but was " + value);
        }
        return new PerformanceEstimation<>(positiveLabel, score, threshold, binary, multiclass, scores, value, maxRows);
    }

    /**
     * Bounds the rows a window keeps for its estimate: beyond it a uniform reservoir sample of this
     * many rows stands for the window.
     *
     * @param value rows per window, in [100, 1,000,000]
     * @return a copy with the bound
     * @throws IllegalArgumentException if the value is outside [100, 1,000,000]
     */
    public PerformanceEstimation<O> withMaxRows(int value) {
        if (value < 100 || value > 1_000_000) {
            throw new IllegalArgumentException("maxRows must be in [100, 1000000] but was " + value);
        }
        return new PerformanceEstimation<>(positiveLabel, score, threshold, binary, multiclass, scores, band, value);
    }

    private void requireBinary(String option) {
        if (binary == null) {
            throw new IllegalStateException(option + " applies to a binary estimation, not a multiclass one");
        }
    }

    /** @return the classes estimated: the positive label for a binary estimation, every class for a multiclass one */
    public List<String> classes() {
        return binary != null ? List.of(positiveLabel) : multiclass.classes();
    }

    /** @return the band width in standard errors */
    public double band() {
        return band;
    }

    /** @return the bound on the rows kept per window */
    public int maxRows() {
        return maxRows;
    }

    /** @return the binary decision threshold, NaN for a multiclass estimation */
    public double threshold() {
        return threshold;
    }

    /** Binds the estimation to the monitor's output reader: what the windows call per answer. */
    @SuppressWarnings("unchecked")
    Estimator bind(OutputReader<?> outputs) {
        if (binary != null) {
            if (score != null) {
                return Estimator.binary((ToDoubleFunction<Object>) score, positiveLabel, threshold, binary, band,
                        maxRows);
            }
            return Estimator.binary(Estimator.confidenceScore((OutputReader<Object>) outputs, positiveLabel),
                    positiveLabel, threshold, binary, band, maxRows);
        }
        return Estimator.multiclass((Function<Object, double[]>) scores, multiclass, band, maxRows);
    }

    @Override
    public String toString() {
        return binary != null ? "PerformanceEstimation[binary, positive '" + positiveLabel + "', threshold " + threshold
                + ", band " + band + ", " + maxRows + " rows]"
                : "PerformanceEstimation[multiclass " + multiclass.classes() + ", band " + band + ", " + maxRows + " rows]";
    }
}
