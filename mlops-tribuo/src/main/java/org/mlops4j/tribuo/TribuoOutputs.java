package org.mlops4j.tribuo;

import org.mlops4j.core.OutputReader;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * How monitors and endpoints read Tribuo answers: the predicted label and confidence of a
 * {@code Prediction<Label>}, the predicted value of a {@code Prediction<Regressor>}.
 *
 * <pre>{@code
 * ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier())...build();
 * ModelEndpoint.<Row, Prediction<Label>>builder("fraud").outputs(TribuoOutputs.classifier())...
 * }</pre>
 *
 * <p>Without one of these a monitor cannot compare a Tribuo answer with a ground-truth label, and
 * says so ({@code FeedbackMismatchException}) rather than count every answer wrong.
 */
public final class TribuoOutputs {

    private TribuoOutputs() {
    }

    /**
     * A classifier's answers: the label's name, and the largest class probability as the confidence
     * ({@link TribuoPredictions#confidence}; none for models without probabilities).
     *
     * @return the reader
     */
    public static OutputReader<Prediction<Label>> classifier() {
        return OutputReader.<Prediction<Label>>classifier(TribuoPredictions::label)
                .withConfidence(p -> TribuoPredictions.confidence(p).orElse(Double.NaN));
    }

    /**
     * A single-output regression model's answers: the predicted value.
     *
     * @return the reader
     */
    public static OutputReader<Prediction<Regressor>> regressor() {
        return OutputReader.regressor(TribuoPredictions::value);
    }
}
