package org.mlops4j.xgboost;

import java.util.Map;
import java.util.Objects;

/**
 * An XGBoost model's answer: for a classifier the most probable label and every label's probability
 * (the value is NaN); for a regression model the value (no label, no scores).
 *
 * @param label the most probable label, or null for a regression model
 * @param scores each label's probability; empty for regression
 * @param value the regression value, or NaN for a classifier
 */
public record XgboostPrediction(String label, Map<String, Double> scores, double value) {

    /**
     * Freezes the scores.
     *
     * @param label the most probable label, or null for a regression model
     * @param scores each label's probability; empty for regression
     * @param value the regression value, or NaN for a classifier
     */
    public XgboostPrediction {
        scores = Map.copyOf(Objects.requireNonNull(scores, "scores"));
    }

    /** @return the largest class probability, or NaN for a regression model */
    public double confidence() {
        return label == null ? Double.NaN : scores.get(label);
    }
}
