package org.mlops4j.examples.guide;

import java.util.ArrayList;
import java.util.List;
import org.mlops4j.monitoring.estimate.BinaryCbpe;
import org.mlops4j.monitoring.estimate.BinaryPerformanceEstimate;
import org.mlops4j.monitoring.estimate.DirectLossEstimator;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.estimate.IsotonicCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCbpe;
import org.mlops4j.monitoring.estimate.MulticlassPerformanceEstimate;
import org.mlops4j.monitoring.estimate.PerformanceEstimate;
import org.mlops4j.monitoring.estimate.RegressionLossEstimate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code of the snippets of {@code docs/monitoring.md}'s section "Performance without labels (CBPE
 * and DLE)", the estimation math used directly; {@code EstimationGuideTest} runs each method on
 * synthetic data with a known generating process and checks what it returned.
 */
public final class EstimationGuide {

    private static final Logger LOG = LoggerFactory.getLogger(EstimationGuide.class);

    private EstimationGuide() {
    }

    /**
     * Binary CBPE: calibrate on labelled reference, estimate a window from its raw scores.
     *
     * @param referenceScores the model's scores on labelled reference data
     * @param referenceOutcomes the reference labels, 1 for positive
     * @param windowScores the window's scores, no labels yet
     * @return the estimate
     */
    public static BinaryPerformanceEstimate binary(double[] referenceScores, int[] referenceOutcomes, double[] windowScores) {
        // tag::cbpe-binary[]
        IsotonicCalibrator calibrator = IsotonicCalibrator.fit(referenceScores, referenceOutcomes); // 0/1 labels
        BinaryPerformanceEstimate estimate = BinaryCbpe.estimate(calibrator, windowScores, 0.5);    // positive if score >= 0.5
        double accuracy = estimate.value(EstimatedMetric.ACCURACY);
        double auc = estimate.value(EstimatedMetric.ROC_AUC);
        // end::cbpe-binary[]
        LOG.info("estimated accuracy {} and ROC AUC {}", accuracy, auc);
        return estimate;
    }

    /**
     * Multiclass CBPE: one-vs-rest calibration on labelled reference, then a window's estimate.
     *
     * @param classes the class names, the order of the score columns
     * @param referenceScores the model's scores on labelled reference data, {@code [row][class]}
     * @param referenceLabels the reference labels
     * @param windowScores the window's scores, {@code [row][class]}
     * @param windowPredicted the model's predicted class for each window row
     * @return the estimate
     */
    public static MulticlassPerformanceEstimate multiclass(List<String> classes, double[][] referenceScores,
            String[] referenceLabels, double[][] windowScores, String[] windowPredicted) {
        // tag::cbpe-multiclass[]
        MulticlassCalibrator calibrator = MulticlassCalibrator.fit(classes, referenceScores, referenceLabels);
        MulticlassPerformanceEstimate estimate = MulticlassCbpe.estimate(calibrator, windowScores, windowPredicted);
        double accuracy = estimate.value(EstimatedMetric.ACCURACY);
        double macroF1 = estimate.value(EstimatedMetric.F1);                  // macro: the mean over classes
        double dogRecall = estimate.value(EstimatedMetric.RECALL, "dog");     // one class, one-vs-rest
        double[][] expected = estimate.confusionMatrix();                     // [true class][predicted class]
        // end::cbpe-multiclass[]
        LOG.info("estimated accuracy {}, macro F1 {}, recall of dog {}, {} expected rows of class 0",
                accuracy, macroF1, dogRecall, expected[0][0] + expected[0][1] + expected[0][2]);
        return estimate;
    }

    /**
     * The sampling-error band of every figure of an estimate, three standard errors wide.
     *
     * @param estimate a binary or multiclass estimate
     * @return one line per figure: its key, the estimate and the band
     */
    public static List<String> bands(PerformanceEstimate estimate) {
        List<String> lines = new ArrayList<>();
        // tag::cbpe-bands[]
        for (EstimatedMetric metric : EstimatedMetric.values()) {
            double low = estimate.lower(metric, 3);    // estimate - 3 standard errors, not below 0
            double high = estimate.upper(metric, 3);   // estimate + 3 standard errors, not above 1
            lines.add(String.format("%s %.3f in [%.3f, %.3f]", metric.key(), estimate.value(metric), low, high));
        }
        // end::cbpe-bands[]
        lines.forEach(LOG::info);
        return lines;
    }

    /**
     * Direct loss estimation for a regression model: fit on labelled reference, estimate a window.
     *
     * @param referenceFeatures the reference rows' features
     * @param referencePredictions the model's predictions on them
     * @param referenceTargets their true targets
     * @param features the window's features, no targets yet
     * @param predictions the model's predictions on the window
     * @return the estimate
     */
    public static RegressionLossEstimate directLoss(double[][] referenceFeatures, double[] referencePredictions,
            double[] referenceTargets, double[][] features, double[] predictions) {
        // tag::dle[]
        DirectLossEstimator dle = DirectLossEstimator.fit(referenceFeatures, referencePredictions, referenceTargets);
        RegressionLossEstimate estimate = dle.estimate(features, predictions);  // the window has no targets yet
        double mae = estimate.mae();
        double rmse = estimate.rmse();
        double maeHigh = estimate.maeUpper(3);                                 // mae + 3 standard errors
        // end::dle[]
        LOG.info("estimated MAE {} (up to {}), RMSE {}", mae, maeHigh, rmse);
        return estimate;
    }
}
