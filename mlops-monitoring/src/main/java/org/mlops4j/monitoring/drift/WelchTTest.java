package org.mlops4j.monitoring.drift;

import java.util.Objects;
import org.apache.commons.math3.special.Beta;

/**
 * Welch's unequal-variance t-test, as {@code scipy.stats.ttest_ind(x, y, equal_var=False)}:
 * t = (mean_x - mean_y) / sqrt(s_x^2 / n_x + s_y^2 / n_y) with the Welch-Satterthwaite degrees
 * of freedom and a two-sided p-value from Student's t distribution.
 *
 * <p>It reads the caller's arrays in place (no copy, no sort), usually in one pass per sample
 * that also checks finiteness; see {@link #moments}. Allocation: a few small arrays per sample.
 */
final class WelchTTest {

    /**
     * Largest share of sum(d^2) that the correction sum(d)^2 / n may take before the
     * shifted sums are recomputed around the mean (at 0.5 the subtraction loses at most one bit).
     */
    static final double CANCELLATION = 0.5;

    private WelchTTest() {
    }

    /**
     * Runs the test on the caller's arrays, which it only reads; both samples must be finite and
     * have two values, and at least one must vary.
     */
    static Estimate test(double[] x, double[] y) {
        double[] momentsX = moments(x, "reference");
        double[] momentsY = moments(y, "current");
        return test(x.length, x[0], momentsX, y.length, y[0], momentsY);
    }

    /**
     * Runs the test on sorted samples from the moments they computed in arrival order, so the
     * answer is exactly that of {@link #test(double[], double[])} on the original arrays.
     */
    static Estimate test(SortedSample x, SortedSample y) {
        return test(x.size(), x.first(), x.moments(), y.size(), y.first(), y.moments());
    }

    /**
     * The test from each sample's size, first value in arrival order (named when the samples are
     * constant) and {@link #moments}.
     */
    private static Estimate test(int nx, double firstX, double[] momentsX, int ny, double firstY,
                                 double[] momentsY) {
        Samples.requireAtLeast(nx, 2, "reference", "t_test");
        Samples.requireAtLeast(ny, 2, "current", "t_test");
        double vx = momentsX[2] / (nx - 1) / nx;
        double vy = momentsY[2] / (ny - 1) / ny;
        if (vx + vy == 0.0) {
            throw new IllegalArgumentException("t_test is undefined when both samples are constant"
                    + " (reference is all " + firstX + ", current is all " + firstY + ")");
        }
        double df = (vx + vy) * (vx + vy)
                / (vx * vx / (nx - 1) + vy * vy / (ny - 1));
        // (kx + ox) - (ky + oy) as (kx - ky) + (ox - oy): the shifts lie within the data, so with a
        // large common offset kx - ky is exact (Sterbenz) and the means do not round to its ulp
        double t = ((momentsX[0] - momentsY[0]) + (momentsX[1] - momentsY[1])) / Math.sqrt(vx + vy);
        return new Estimate(t, twoSidedP(t, df));
    }

    /**
     * Returns {k, o, sum of squared deviations from the mean} of a non-null, non-empty, finite
     * sample whose mean is k + o (k is a value near the data, o the mean's offset from it; kept
     * apart so that a difference of means keeps its digits), rejecting a bad sample with
     * {@link Samples#checkedCopy}'s messages.
     *
     * <p>One pass sums d = v - k and d^2 around the shift k = sample[0] (four interleaved
     * accumulators, so the additions do not wait on each other); then o = sum(d) / n and the sum
     * of squares is sum(d^2) - sum(d)^2 / n. That subtraction loses digits when k is far
     * from the mean relative to the spread: when sum(d)^2 / n exceeds {@value #CANCELLATION} of
     * sum(d^2), a second pass recomputes both around the first pass's mean, where the same
     * formulas (the corrected two-pass algorithm of Chan, Golub and LeVeque) lose nothing. A
     * non-finite value makes sum(d) non-finite, which triggers a scan for the first offending
     * index; a sum of finite values that overflows passes, as it did when samples were copied.
     */
    static double[] moments(double[] sample, String name) {
        Objects.requireNonNull(sample, name);
        if (sample.length == 0) {
            throw new IllegalArgumentException(name + " sample must not be empty");
        }
        double shift = sample[0];
        double[] sums = shiftedSums(sample, shift);
        if (!Double.isFinite(sums[0])) {
            for (int i = 0; i < sample.length; i++) {
                if (!Double.isFinite(sample[i])) {
                    throw new IllegalArgumentException(name + " sample must be finite but " + name
                            + "[" + i + "] was " + sample[i]);
                }
            }
        }
        int n = sample.length;
        double correction = sums[0] * sums[0] / n;
        if (correction > CANCELLATION * sums[1]) {
            shift += sums[0] / n;
            sums = shiftedSums(sample, shift);
            correction = sums[0] * sums[0] / n;
        }
        return new double[] {shift, sums[0] / n, Math.max(sums[1] - correction, 0.0)};
    }

    /** Returns {sum(v - shift), sum((v - shift)^2)} with four interleaved accumulators. */
    static double[] shiftedSums(double[] sample, double shift) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        double q0 = 0.0;
        double q1 = 0.0;
        double q2 = 0.0;
        double q3 = 0.0;
        int n = sample.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double d0 = sample[i] - shift;
            double d1 = sample[i + 1] - shift;
            double d2 = sample[i + 2] - shift;
            double d3 = sample[i + 3] - shift;
            s0 += d0;
            s1 += d1;
            s2 += d2;
            s3 += d3;
            q0 += d0 * d0;
            q1 += d1 * d1;
            q2 += d2 * d2;
            q3 += d3 * d3;
        }
        for (; i < n; i++) {
            double d = sample[i] - shift;
            s0 += d;
            q0 += d * d;
        }
        return new double[] {(s0 + s1) + (s2 + s3), (q0 + q1) + (q2 + q3)};
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
