package org.mlops4j.monitoring.multivariate;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@link MultivariateDrift}: which methods run and how each decides. Immutable; build one
 * with {@link #ofDefaults()} or {@link #builder()}.
 *
 * @param methods the methods to run, at least one; copied
 * @param varianceShare PCA: the share of the reference's variance the kept components explain, in
 *     (0, 1]; NannyML's default 0.65
 * @param referenceChunks PCA: the reference is cut into this many chunks whose reconstruction errors
 *     give the thresholds, >= 2
 * @param thresholdSigmas PCA: a window drifts when its error is outside the chunks' mean plus or minus
 *     this many (population) standard deviations, > 0; NannyML's default 3
 * @param permutations MMD: permutations of the pooled sample for the p-value, >= 19
 * @param maxRows MMD: rows kept per side (reference and window, a seeded uniform subsample beyond), >= 10
 * @param folds domain classifier: stratified cross-validation folds, >= 2
 * @param alpha MMD and domain classifier: a window drifts when the p-value is below it, in (0, 1)
 * @param topCategories encoding: the most frequent reference categories of a categorical feature one-hot
 *     encoded (the rest, unseen and missing categories are all-zero), >= 1
 * @param seed seeds every random choice (subsamples, permutations, folds): equal inputs give equal results
 * @param trainer domain classifier: trains the classifier of each fold
 */
public record MultivariateDriftConfig(Set<MultivariateMethod> methods, double varianceShare, int referenceChunks,
                                      double thresholdSigmas, int permutations, int maxRows, int folds, double alpha,
                                      int topCategories, long seed, DomainClassifierTrainer trainer) {

    /**
     * Validates the settings.
     *
     * @param methods the methods to run, at least one; copied
     * @param varianceShare PCA: explained variance share to keep, in (0, 1]
     * @param referenceChunks PCA: reference chunks for the thresholds, >= 2
     * @param thresholdSigmas PCA: standard deviations of the thresholds, > 0
     * @param permutations MMD: permutations, >= 19
     * @param maxRows MMD: rows per side, >= 10
     * @param folds domain classifier: folds, >= 2
     * @param alpha p-value threshold, in (0, 1)
     * @param topCategories categories one-hot encoded per categorical feature, >= 1
     * @param seed the seed
     * @param trainer the domain classifier's trainer
     * @throws IllegalArgumentException naming the setting and its value when one is out of range
     */
    public MultivariateDriftConfig {
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(trainer, "trainer");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods must name at least one method but was " + methods);
        }
        methods = Set.copyOf(EnumSet.copyOf(methods));
        if (!(varianceShare > 0 && varianceShare <= 1)) {
            throw new IllegalArgumentException("varianceShare must be in (0, 1] but was " + varianceShare);
        }
        if (referenceChunks < 2) {
            throw new IllegalArgumentException("referenceChunks must be >= 2 but was " + referenceChunks);
        }
        if (!(thresholdSigmas > 0) || Double.isInfinite(thresholdSigmas)) {
            throw new IllegalArgumentException("thresholdSigmas must be finite and > 0 but was " + thresholdSigmas);
        }
        if (permutations < 19) {
            throw new IllegalArgumentException("permutations must be >= 19 but was " + permutations);
        }
        if (maxRows < 10) {
            throw new IllegalArgumentException("maxRows must be >= 10 but was " + maxRows);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2 but was " + folds);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1) but was " + alpha);
        }
        if (topCategories < 1) {
            throw new IllegalArgumentException("topCategories must be >= 1 but was " + topCategories);
        }
    }

    /**
     * The defaults: all three methods; PCA keeping 65% of the variance with thresholds at 3 standard
     * deviations over 10 reference chunks; MMD on at most 500 rows per side with 100 permutations; a
     * domain classifier ({@link DomainClassifierTrainer#boostedTrees()}) over 5 folds; alpha 0.05; the
     * 10 most frequent categories one-hot encoded; seed 42.
     *
     * @return the default settings
     */
    public static MultivariateDriftConfig ofDefaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a method runs.
     *
     * @param method the method
     * @return true when it is among {@link #methods()}
     */
    public boolean runs(MultivariateMethod method) {
        return methods.contains(method);
    }

    /** Collects settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private Set<MultivariateMethod> methods = EnumSet.allOf(MultivariateMethod.class);
        private double varianceShare = 0.65;
        private int referenceChunks = 10;
        private double thresholdSigmas = 3.0;
        private int permutations = 100;
        private int maxRows = 500;
        private int folds = 5;
        private double alpha = 0.05;
        private int topCategories = 10;
        private long seed = 42L;
        private DomainClassifierTrainer trainer = DomainClassifierTrainer.boostedTrees();

        private Builder() {
        }

        /**
         * @param value the methods to run (default all three)
         * @return this builder
         */
        public Builder methods(Set<MultivariateMethod> value) {
            this.methods = Objects.requireNonNull(value, "methods");
            return this;
        }

        /**
         * @param value PCA: the explained variance share to keep (default 0.65)
         * @return this builder
         */
        public Builder varianceShare(double value) {
            this.varianceShare = value;
            return this;
        }

        /**
         * @param value PCA: reference chunks for the thresholds (default 10)
         * @return this builder
         */
        public Builder referenceChunks(int value) {
            this.referenceChunks = value;
            return this;
        }

        /**
         * @param value PCA: standard deviations of the thresholds (default 3)
         * @return this builder
         */
        public Builder thresholdSigmas(double value) {
            this.thresholdSigmas = value;
            return this;
        }

        /**
         * @param value MMD: permutations (default 100)
         * @return this builder
         */
        public Builder permutations(int value) {
            this.permutations = value;
            return this;
        }

        /**
         * @param value MMD: rows per side (default 500)
         * @return this builder
         */
        public Builder maxRows(int value) {
            this.maxRows = value;
            return this;
        }

        /**
         * @param value domain classifier: folds (default 5)
         * @return this builder
         */
        public Builder folds(int value) {
            this.folds = value;
            return this;
        }

        /**
         * @param value the p-value threshold of MMD and the domain classifier (default 0.05)
         * @return this builder
         */
        public Builder alpha(double value) {
            this.alpha = value;
            return this;
        }

        /**
         * @param value categories one-hot encoded per categorical feature (default 10)
         * @return this builder
         */
        public Builder topCategories(int value) {
            this.topCategories = value;
            return this;
        }

        /**
         * @param value the seed of subsamples, permutations and folds (default 42)
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param value the domain classifier's trainer (default {@link DomainClassifierTrainer#boostedTrees()})
         * @return this builder
         */
        public Builder trainer(DomainClassifierTrainer value) {
            this.trainer = Objects.requireNonNull(value, "trainer");
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming the setting and its value when one is out of range
         */
        public MultivariateDriftConfig build() {
            return new MultivariateDriftConfig(methods, varianceShare, referenceChunks, thresholdSigmas, permutations,
                    maxRows, folds, alpha, topCategories, seed, trainer);
        }
    }
}
