package org.mlops4j.monitoring.multivariate;

import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * ROC AUC from scores and its p-value, as scikit-learn's {@code roc_auc_score} and the Mann-Whitney
 * U test compute them: the AUC is {@code (R - n1 (n1 + 1) / 2) / (n1 n0)} with {@code R} the sum of the
 * positives' mid-ranks (ties count one half); its one-sided p-value under "scores do not depend on the
 * class" is {@code 1 - Phi((AUC - 0.5) / sqrt((n0 + n1 + 1) / (12 n0 n1)))}, the normal approximation of
 * U without tie or continuity correction.
 */
final class RocAuc {

    private RocAuc() {
    }

    /**
     * @param scores the scores
     * @param positive per score, whether its row is a positive (a window row)
     * @return the ROC AUC, in [0, 1]
     * @throws IllegalArgumentException if either class is empty
     */
    static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            // Rows i..j tie: each gets the mid-rank of positions i+1..j+1.
            double midRank = (i + j + 2) / 2.0;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both classes but had " + positives + " positives and "
                    + negatives + " negatives");
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * @param auc the AUC
     * @param positives positive rows
     * @param negatives negative rows
     * @return the one-sided p-value of an AUC at least this large when the classes do not differ
     */
    static double pValue(double auc, int positives, int negatives) {
        double sd = Math.sqrt((positives + negatives + 1.0) / (12.0 * positives * negatives));
        double z = (auc - 0.5) / sd;
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }
}
