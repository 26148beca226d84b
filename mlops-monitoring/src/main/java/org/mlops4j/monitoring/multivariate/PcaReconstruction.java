package org.mlops4j.monitoring.multivariate;

import java.util.Arrays;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * NannyML's data reconstruction drift: PCA fitted on the standardised reference keeps the fewest
 * components whose explained variance share exceeds the configured share (scikit-learn's rule for a
 * fractional {@code n_components}: one more than the components whose cumulative share is at most it);
 * a row's error is the Euclidean distance between it and its reconstruction from those components; a
 * window's error is the mean over its rows. The thresholds come from the reference itself: it is cut
 * into contiguous chunks (sizes differing by at most one, like {@code numpy.array_split}), each chunk's
 * mean error is computed, and the window drifts when its error is outside their mean plus or minus
 * {@code k} population standard deviations (the lower threshold clipped at 0). Immutable, thread-safe.
 */
final class PcaReconstruction {

    private final double[] centre;
    /** The kept components, one row per component. */
    private final double[][] components;
    private final double[] explainedRatio;
    private final double lower;
    private final double upper;
    private final double[] chunkErrors;

    PcaReconstruction(double[][] reference, double varianceShare, int chunks, double sigmas) {
        int n = reference.length;
        if (n < 2 * chunks) {
            throw new IllegalArgumentException("reference rows must be >= 2 * referenceChunks (" + 2 * chunks
                    + ") for PCA's thresholds but was " + n);
        }
        int p = reference[0].length;
        centre = new double[p];
        for (double[] row : reference) {
            for (int j = 0; j < p; j++) {
                centre[j] += row[j] / n;
            }
        }
        double[][] cov = new double[p][p];
        for (double[] row : reference) {
            for (int a = 0; a < p; a++) {
                double da = row[a] - centre[a];
                for (int b = a; b < p; b++) {
                    cov[a][b] += da * (row[b] - centre[b]);
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        RealMatrix matrix = MatrixUtils.createRealMatrix(cov);
        EigenDecomposition eigen = new EigenDecomposition(matrix);
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        explainedRatio = new double[p];
        double cumulative = 0;
        int keep = 1;
        for (int i = 0; i < p; i++) {
            explainedRatio[i] = total > 0 ? Math.max(0, values[order[i]]) / total : 0.0;
            cumulative += explainedRatio[i];
            if (cumulative <= varianceShare && i + 1 < p) {
                keep = i + 2;
            }
        }
        components = new double[keep][];
        for (int i = 0; i < keep; i++) {
            components[i] = eigen.getEigenvector(order[i]).toArray();
        }
        chunkErrors = new double[chunks];
        int base = n / chunks;
        int extra = n % chunks;
        int from = 0;
        for (int c = 0; c < chunks; c++) {
            int size = base + (c < extra ? 1 : 0);
            chunkErrors[c] = error(reference, from, from + size);
            from += size;
        }
        double mean = 0;
        for (double e : chunkErrors) {
            mean += e / chunks;
        }
        double var = 0;
        for (double e : chunkErrors) {
            var += (e - mean) * (e - mean) / chunks;
        }
        double sd = Math.sqrt(var);
        lower = Math.max(0, mean - sigmas * sd);
        upper = mean + sigmas * sd;
    }

    /** The mean reconstruction error of rows {@code [from, to)}. */
    double error(double[][] rows, int from, int to) {
        int p = centre.length;
        double[] centred = new double[p];
        double sum = 0;
        for (int r = from; r < to; r++) {
            double[] row = rows[r];
            for (int j = 0; j < p; j++) {
                centred[j] = row[j] - centre[j];
            }
            double[] residual = centred.clone();
            for (double[] w : components) {
                double t = 0;
                for (int j = 0; j < p; j++) {
                    t += w[j] * centred[j];
                }
                for (int j = 0; j < p; j++) {
                    residual[j] -= t * w[j];
                }
            }
            double sq = 0;
            for (double v : residual) {
                sq += v * v;
            }
            sum += Math.sqrt(sq);
        }
        return sum / (to - from);
    }

    PcaDrift check(double[][] window) {
        double e = error(window, 0, window.length);
        return new PcaDrift(e, lower, upper, components.length, explainedVariance(), e < lower || e > upper);
    }

    /** @return the components kept */
    int components() {
        return components.length;
    }

    /** @return the variance share the kept components explain */
    double explainedVariance() {
        double s = 0;
        for (int i = 0; i < components.length; i++) {
            s += explainedRatio[i];
        }
        return s;
    }

    /** @return every component's explained variance share, largest first (a copy) */
    double[] explainedRatio() {
        return explainedRatio.clone();
    }

    /** @return the reference chunks' mean errors (a copy) */
    double[] chunkErrors() {
        return chunkErrors.clone();
    }
}
