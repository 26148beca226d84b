package org.mlops4j.monitoring.drift;

/** How p-values of many features are corrected before they are compared with the significance level. */
public enum MultipleTesting {
    /** No correction. */
    NONE,
    /** Bonferroni: each p-value times the number of tests, capped at 1 (controls the family-wise error). */
    BONFERRONI,
    /** Benjamini-Hochberg step-up adjusted p-values (controls the false discovery rate). */
    BENJAMINI_HOCHBERG;

    /**
     * Adjusts p-values; NaN entries (distances, undecided features) are left out of the count and
     * stay NaN.
     *
     * @param pValues the raw p-values
     * @return the adjusted p-values, in the same order
     */
    public double[] adjust(double[] pValues) {
        double[] out = pValues.clone();
        int m = 0;
        for (double p : pValues) {
            if (!Double.isNaN(p)) {
                m++;
            }
        }
        if (m == 0 || this == NONE) {
            return out;
        }
        if (this == BONFERRONI) {
            for (int i = 0; i < out.length; i++) {
                if (!Double.isNaN(out[i])) {
                    out[i] = Math.min(1.0, out[i] * m);
                }
            }
            return out;
        }
        Integer[] order = new Integer[m];
        int k = 0;
        for (int i = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                order[k++] = i;
            }
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(pValues[a], pValues[b]));
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, pValues[i] * m / rank);
            out[i] = Math.min(1.0, running);
        }
        return out;
    }
}
