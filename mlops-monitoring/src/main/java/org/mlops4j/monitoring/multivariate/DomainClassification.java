package org.mlops4j.monitoring.multivariate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The domain classifier check (Alibi Detect's {@code ClassifierDrift}, with out-of-fold scores): the
 * reference rows (label 0) and the window's (label 1) are split into {@code folds} stratified folds
 * (each class shuffled with the seed, then dealt round-robin); for each fold a classifier trained on
 * the other folds scores the fold's rows; the ROC AUC of all out-of-fold scores together measures how
 * well reference and window can be told apart, and {@link RocAuc#pValue} says whether that is more
 * than chance. The p-value treats the pooled out-of-fold scores as independent, which they are not
 * (the folds' models share training rows and differ in scale): it is an approximation, not a
 * guarantee of the false-alarm rate; the tests measure that rate on unchanged windows instead.
 */
final class DomainClassification {

    private final DomainClassifierTrainer trainer;
    private final List<String> features;
    private final int folds;
    private final long seed;

    DomainClassification(DomainClassifierTrainer trainer, List<String> features, int folds, long seed) {
        this.trainer = trainer;
        this.features = features;
        this.folds = folds;
        this.seed = seed;
    }

    /** The fold of each row: stratified by class, seeded. */
    static int[] folds(boolean[] window, int folds, long seed) {
        int[] fold = new int[window.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (boolean cls : new boolean[] {false, true}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < window.length; i++) {
                if (window[i] == cls) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int k = 0; k < members.size(); k++) {
                fold[members.get(k)] = k % folds;
            }
        }
        return fold;
    }

    DomainClassifierDrift check(double[][] reference, double[][] current, double alpha) {
        int m = reference.length;
        int n = current.length;
        double[][] rows = new double[m + n][];
        boolean[] window = new boolean[m + n];
        System.arraycopy(reference, 0, rows, 0, m);
        System.arraycopy(current, 0, rows, m, n);
        for (int i = m; i < m + n; i++) {
            window[i] = true;
        }
        int[] fold = folds(window, folds, seed + 2);
        double[] scores = new double[m + n];
        for (int f = 0; f < folds; f++) {
            int train = 0;
            for (int i = 0; i < fold.length; i++) {
                train += fold[i] != f ? 1 : 0;
            }
            double[][] x = new double[train][];
            boolean[] y = new boolean[train];
            int k = 0;
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] != f) {
                    x[k] = rows[i];
                    y[k++] = window[i];
                }
            }
            DomainClassifier classifier = trainer.train(features, x, y);
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] == f) {
                    scores[i] = classifier.score(rows[i].clone());
                }
            }
        }
        double auc = RocAuc.auc(scores, window);
        double p = RocAuc.pValue(auc, n, m);
        return new DomainClassifierDrift(auc, p, p < alpha);
    }
}
