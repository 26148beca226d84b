package org.mlops4j.core;

/** What a model's answers are, as an {@link OutputReader} declares them. */
public enum OutputKind {
    /**
     * Each answer names a class: label shares, prediction-distribution drift and accuracy against
     * ground-truth labels apply.
     */
    CLASSIFICATION,
    /**
     * Each answer is a number: quantiles of the predicted values, their drift, and RMSE and MAE
     * against ground-truth values apply.
     */
    REGRESSION,
    /**
     * Not declared: an answer of a plain label type (a string, enum, boolean, character or integral
     * number) is read as its own label; any other answer has neither label nor value.
     */
    UNDECLARED
}
