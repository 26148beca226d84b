package org.mlops4j.monitoring.drift;

import org.apache.commons.math3.special.Beta;

/**
 * Welch's unequal-variance t-test, as {@code scipy.stats.ttest_ind(x, y, equal_var=False)}:
 * t = (mean_x - mean_y) / sqrt(s_x^2 / n_x + s_y^2 / n_y) with the Welch-Satterthwaite degrees
 * of freedom and a two-sided p-value from Student's t distribution.
 */
final class WelchTTest {

    private WelchTTest() {
    }

    /** Runs the test; both samples need two values and at least one must vary. */
    static Estimate test(double[] x, double[] y) {
        Samples.requireAtLeast(x, 2, "reference", "t_test");
        Samples.requireAtLeast(y, 2, "current", "t_test");
        double mx = Samples.mean(x);
        double my = Samples.mean(y);
        double vx = Samples.variance(x, mx, 1) / x.length;
        double vy = Samples.variance(y, my, 1) / y.length;
        if (vx + vy == 0.0) {
            throw new IllegalArgumentException("t_test is undefined when both samples are constant"
                    + " (reference is all " + x[0] + ", current is all " + y[0] + ")");
        }
        double df = (vx + vy) * (vx + vy)
                / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        double t = (mx - my) / Math.sqrt(vx + vy);
        return new Estimate(t, twoSidedP(t, df));
    }

    /** 2 * P(T_df &gt; |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2). */
    static double twoSidedP(double t, double df) {
        if (t == 0.0) {
            return 1.0;
        }
        double p = Beta.regularizedBeta(df / (df + t * t), 0.5 * df, 0.5, 1e-15);
        return Math.min(Math.max(p, 0.0), 1.0);
    }
}
