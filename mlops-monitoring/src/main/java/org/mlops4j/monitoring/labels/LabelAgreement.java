package org.mlops4j.monitoring.labels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chance-corrected agreement between labellers on nominal labels. Labels are any objects compared
 * with {@link Object#equals(Object)}.
 *
 * <p>When every rating falls in one category the expected agreement is 1 and the coefficient is
 * 0/0: it is undefined and these methods return {@link Double#NaN} (statsmodels returns NaN for
 * Fleiss' kappa in that case too; a caller who wants "perfect" must decide that itself, since a
 * single category used by everyone says nothing about the labellers).
 */
public final class LabelAgreement {

    private LabelAgreement() {
    }

    /**
     * Cohen's kappa for two raters (Cohen 1960): kappa = (p_o - p_e) / (1 - p_e) where p_o is the
     * share of items both raters label alike and p_e = sum over categories k of p1(k) p2(k), the
     * product of each rater's marginal share of k.
     *
     * @param first the first rater's label of each item
     * @param second the second rater's label of each item, in the same order
     * @return kappa, in [-1, 1]; NaN when p_e = 1 (both raters used one and the same category)
     * @throws IllegalArgumentException if the lists differ in length, have fewer than 2 items or hold
     *     a null label
     */
    public static double cohenKappa(List<?> first, List<?> second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.size() != second.size()) {
            throw new IllegalArgumentException("first and second must have one label per item but had "
                    + first.size() + " and " + second.size());
        }
        int n = first.size();
        if (n < 2) {
            throw new IllegalArgumentException("items must be at least 2 but was " + n);
        }
        Map<Object, long[]> marginals = new HashMap<>();
        long agree = 0;
        for (int i = 0; i < n; i++) {
            Object a = requireLabel(first.get(i), "first", i);
            Object b = requireLabel(second.get(i), "second", i);
            if (a.equals(b)) {
                agree++;
            }
            marginals.computeIfAbsent(a, k -> new long[2])[0]++;
            marginals.computeIfAbsent(b, k -> new long[2])[1]++;
        }
        double observed = (double) agree / n;
        double expected = 0;
        for (long[] m : marginals.values()) {
            expected += (double) m[0] * m[1];
        }
        expected /= (double) n * n;
        return undefinedOr(observed, expected);
    }

    /**
     * Fleiss' kappa for a fixed number n of raters per item (Fleiss 1971): with n_ij the raters who
     * put item i in category j, N items, p_j = sum_i n_ij / (N n), P_i = (sum_j n_ij^2 - n) / (n (n -
     * 1)), P = mean of P_i and P_e = sum_j p_j^2, kappa = (P - P_e) / (1 - P_e).
     *
     * @param counts per item, the number of raters per category (same categories, same order, in every
     *     row)
     * @return kappa; NaN when P_e = 1 (every rating in one category)
     * @throws IllegalArgumentException if there are fewer than 2 items, rows of different widths, a
     *     negative count, an item with fewer than 2 ratings or items with different numbers of ratings
     */
    public static double fleissKappa(int[][] counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.length < 2) {
            throw new IllegalArgumentException("items must be at least 2 but was " + counts.length);
        }
        int categories = counts[0].length;
        long raters = -1;
        double[] columnTotals = new double[categories];
        double agreementSum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != categories) {
                throw new IllegalArgumentException("counts[" + i + "] must have " + categories
                        + " categories but had " + counts[i].length);
            }
            long rowTotal = 0;
            long squares = 0;
            for (int j = 0; j < categories; j++) {
                int c = counts[i][j];
                if (c < 0) {
                    throw new IllegalArgumentException("counts[" + i + "][" + j + "] must be >= 0 but was " + c);
                }
                rowTotal += c;
                squares += (long) c * c;
                columnTotals[j] += c;
            }
            if (rowTotal < 2) {
                throw new IllegalArgumentException("ratings of item " + i + " must be at least 2 but was " + rowTotal);
            }
            if (raters < 0) {
                raters = rowTotal;
            } else if (rowTotal != raters) {
                throw new IllegalArgumentException("ratings of item " + i + " must be " + raters
                        + " like item 0's but was " + rowTotal);
            }
            agreementSum += (double) (squares - rowTotal) / ((double) rowTotal * (rowTotal - 1));
        }
        double observed = agreementSum / counts.length;
        double total = (double) counts.length * raters;
        double expected = 0;
        for (double t : columnTotals) {
            double p = t / total;
            expected += p * p;
        }
        return undefinedOr(observed, expected);
    }

    /**
     * Krippendorff's alpha for nominal labels with missing ratings (Krippendorff 2011, "Computing
     * Krippendorff's Alpha-Reliability"). Only units with m_u >= 2 ratings are pairable. The
     * coincidence matrix is o_ck = sum over units of (ordered pairs of different raters with values c,
     * k) / (m_u - 1); n_c = sum_k o_ck and n = sum_c n_c. Then alpha = 1 - (n - 1) sum_{c != k} o_ck
     * / sum_{c != k} n_c n_k.
     *
     * @param units per unit (item), its ratings, one per rater; null is a missing rating
     * @return alpha, at most 1; NaN when the pairable ratings all fall in one category
     * @throws IllegalArgumentException if fewer than 2 units are pairable
     */
    public static double krippendorffAlpha(List<? extends List<?>> units) {
        Objects.requireNonNull(units, "units");
        Map<Object, Double> marginals = new HashMap<>();
        double disagreement = 0;
        int pairable = 0;
        for (int u = 0; u < units.size(); u++) {
            List<?> ratings = Objects.requireNonNull(units.get(u), "units[" + u + "]");
            Map<Object, Integer> counts = new HashMap<>();
            int m = 0;
            for (Object r : ratings) {
                if (r != null) {
                    counts.merge(r, 1, Integer::sum);
                    m++;
                }
            }
            if (m < 2) {
                continue;
            }
            pairable++;
            // Ordered pairs of different values: m^2 - sum of squared counts.
            long same = 0;
            for (Map.Entry<Object, Integer> e : counts.entrySet()) {
                long c = e.getValue();
                same += c * c;
                marginals.merge(e.getKey(), (double) c, Double::sum);
            }
            disagreement += ((double) m * m - same) / (m - 1);
        }
        if (pairable < 2) {
            throw new IllegalArgumentException("pairable units (with 2 or more ratings) must be at least 2 but was "
                    + pairable);
        }
        double n = 0;
        double squares = 0;
        for (double c : marginals.values()) {
            n += c;
            squares += c * c;
        }
        double expected = n * n - squares;
        if (expected == 0) {
            return Double.NaN;
        }
        return 1 - (n - 1) * disagreement / expected;
    }

    private static Object requireLabel(Object label, String field, int index) {
        if (label == null) {
            throw new IllegalArgumentException(field + "[" + index + "] must be a label but was null");
        }
        return label;
    }

    private static double undefinedOr(double observed, double expected) {
        if (expected >= 1) {
            return Double.NaN;
        }
        return (observed - expected) / (1 - expected);
    }
}
