package org.mlops4j.monitoring.multivariate;

/**
 * A trained domain classifier: scores how much a row looks like the window rather than the reference.
 * Only the order of the scores matters (they give a ROC AUC), so any monotone score will do.
 */
@FunctionalInterface
public interface DomainClassifier {

    /**
     * Scores one encoded row.
     *
     * @param row the encoded features (see {@link DomainClassifierTrainer#train}); not modified
     * @return a score, higher for rows that look like the window's
     */
    double score(double[] row);
}
