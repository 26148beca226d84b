package org.mlops4j.monitoring.drift;

import org.apache.commons.math3.special.Gamma;

/**
 * Statistics over the category counts of two samples. Shares are counts divided by the
 * sample's size; a category seen in one sample only has a share of zero in the other.
 */
final class CategoricalStatistics {

    private CategoricalStatistics() {
    }

    /**
     * Pearson's chi-square test of homogeneity on the 2 x k table of counts without continuity
     * correction, as {@code scipy.stats.chi2_contingency(table, correction=False)}; with a single
     * category the table has no degrees of freedom and the result is statistic 0, p-value 1.
     */
    static Estimate chiSquare(CategoryCounts counts) {
        int k = counts.categories();
        if (k == 1) {
            return new Estimate(0.0, 1.0);
        }
        double total = (double) counts.referenceTotal + counts.currentTotal;
        double stat = 0.0;
        for (int c = 0; c < k; c++) {
            double column = (double) counts.reference[c] + counts.current[c];
            double expectedRef = column * counts.referenceTotal / total;
            double expectedCur = column * counts.currentTotal / total;
            double dr = counts.reference[c] - expectedRef;
            double dc = counts.current[c] - expectedCur;
            stat += dr * dr / expectedRef + dc * dc / expectedCur;
        }
        double p = Gamma.regularizedGammaQ((k - 1) / 2.0, stat / 2.0, 1e-15, Integer.MAX_VALUE);
        return new Estimate(stat, Math.min(Math.max(p, 0.0), 1.0));
    }

    /**
     * Two-proportion z-test of the share of the first category, pooled variance, two-sided, as
     * Evidently's {@code z} test: {@code z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2))} with
     * {@code P} the pooled share, p-value {@code 2 * scipy.stats.norm.sf(|z|)}. Defined for at most
     * two categories; with a single category the shares cannot differ and the result is statistic
     * 0, p-value 1.
     *
     * @throws IllegalArgumentException if the samples hold more than two categories
     */
    static Estimate zTest(CategoryCounts counts) {
        int k = counts.categories();
        if (k > 2) {
            throw new IllegalArgumentException("z test compares two categories but the samples hold " + k
                    + "; use chisquare");
        }
        if (k == 1) {
            return new Estimate(0.0, 1.0);
        }
        double n1 = counts.referenceTotal;
        double n2 = counts.currentTotal;
        double p1 = counts.reference[0] / n1;
        double p2 = counts.current[0] / n2;
        double pooled = (counts.reference[0] + counts.current[0]) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
        return new Estimate(z, Math.min(1.0, p));
    }

    private static final org.apache.commons.math3.distribution.NormalDistribution STANDARD_NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0.0, 1.0);

    /**
     * Jensen-Shannon distance with natural logarithm, the square root of the divergence, as
     * {@code scipy.spatial.distance.jensenshannon(p, q)}; in [0, sqrt(ln 2)].
     */
    static double jensenShannon(CategoryCounts counts) {
        double js = 0.0;
        for (int c = 0; c < counts.categories(); c++) {
            double p = counts.referenceShare(c);
            double q = counts.currentShare(c);
            double m = (p + q) / 2.0;
            js += relativeEntropy(p, m) + relativeEntropy(q, m);
        }
        return Math.sqrt(Math.max(js, 0.0) / 2.0);
    }

    private static double relativeEntropy(double x, double y) {
        return x == 0.0 ? 0.0 : x * Math.log(x / y);
    }

    /** Hellinger distance sqrt(sum (sqrt p - sqrt q)^2 / 2), in [0, 1]. */
    static double hellinger(CategoryCounts counts) {
        double sum = 0.0;
        for (int c = 0; c < counts.categories(); c++) {
            double d = Math.sqrt(counts.referenceShare(c)) - Math.sqrt(counts.currentShare(c));
            sum += d * d;
        }
        return Math.sqrt(0.5 * sum);
    }

    /** Total variation distance sum |p - q| / 2, in [0, 1]. */
    static double totalVariation(CategoryCounts counts) {
        double sum = 0.0;
        for (int c = 0; c < counts.categories(); c++) {
            sum += Math.abs(counts.referenceShare(c) - counts.currentShare(c));
        }
        return 0.5 * sum;
    }

    /** Population stability index over categories, empty shares replaced by 0.0001. */
    static double stabilityIndex(CategoryCounts counts) {
        return StabilityIndex.fromCounts(counts.reference, counts.referenceTotal, counts.current,
                counts.currentTotal);
    }
}
