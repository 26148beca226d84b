package org.mlops4j.monitoring.multivariate;

import java.util.List;

/**
 * Trains the classifier of {@link MultivariateMethod#DOMAIN_CLASSIFIER} on one cross-validation fold:
 * reference rows labelled {@code false}, window rows labelled {@code true}. The built-in
 * {@link #boostedTrees()} needs nothing else; mlops-tribuo adapts any Tribuo trainer
 * ({@code TribuoDomainClassifier}).
 *
 * <p>The classifier must see interactions between features: a change in the correlation of two
 * features with unchanged marginals is invisible to a model that is a sum of per-feature terms
 * (logistic regression on the raw features, boosted stumps). Trees of depth two or more, or a linear
 * model given product features, see it. It is called once per fold, one fold after
 * the other, on the monitor's analysis thread; implementations should be deterministic for equal
 * inputs so that a window's result can be reproduced.
 */
@FunctionalInterface
public interface DomainClassifierTrainer {

    /**
     * Trains a classifier on one fold.
     *
     * @param features the names of the encoded columns (a numeric feature's name; {@code name=category}
     *     for a one-hot column; {@code name} for a boolean), in column order
     * @param rows the encoded, standardised rows; owned by the caller, not to be modified or kept
     * @param window per row, true for a window row and false for a reference row
     * @return the trained classifier
     */
    DomainClassifier train(List<String> features, double[][] rows, boolean[] window);

    /**
     * The built-in trainer: gradient-boosted trees of depth two on the logistic loss (XGBoost's
     * second-order split gain, 32 quantile bins per column, 60 rounds, learning rate 0.3, L2 leaf
     * penalty 1, at least 5 rows per leaf). Deterministic, no dependency; depth two lets it see a
     * change in the relation between two features.
     *
     * @return the trainer
     */
    static DomainClassifierTrainer boostedTrees() {
        return new BoostedTrees(60, 0.3, 1.0, 32, 5);
    }
}
