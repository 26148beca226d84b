package org.mlops4j.monitoring.multivariate;

import java.util.Arrays;
import java.util.List;

/**
 * Gradient-boosted regression trees of depth two on the logistic loss, with XGBoost's second-order
 * split gain {@code G_L^2/(H_L + lambda) + G_R^2/(H_R + lambda) - G^2/(H + lambda)} and leaf value
 * {@code -eta * G/(H + lambda)} (Chen and Guestrin, 2016). Candidate splits are at most {@code bins - 1}
 * quantiles of each column of the training rows; the boosting starts from the training log-odds.
 * Deterministic: ties between splits go to the lower column and cut. Memory: the binned training
 * rows ({@code rows * columns} bytes) and the trees; the trained classifier keeps only the trees.
 */
final class BoostedTrees implements DomainClassifierTrainer {

    private final int rounds;
    private final double eta;
    private final double lambda;
    private final int bins;
    private final int minLeaf;

    BoostedTrees(int rounds, double eta, double lambda, int bins, int minLeaf) {
        this.rounds = rounds;
        this.eta = eta;
        this.lambda = lambda;
        this.bins = bins;
        this.minLeaf = minLeaf;
    }

    /** A node: a leaf when {@code feature < 0}; rows with {@code x[feature] <= cut} go left. */
    private record Node(int feature, double cut, Node left, Node right, double value) {
        double predict(double[] x) {
            Node n = this;
            while (n.feature >= 0) {
                n = x[n.feature] <= n.cut ? n.left : n.right;
            }
            return n.value;
        }
    }

    @Override
    public DomainClassifier train(List<String> features, double[][] rows, boolean[] window) {
        int n = rows.length;
        int p = features.size();
        double[][] cuts = new double[p][];
        byte[][] binned = new byte[p][n];
        double[] column = new double[n];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = rows[i][j];
            }
            double[] sorted = column.clone();
            Arrays.sort(sorted);
            double[] c = new double[bins - 1];
            int k = 0;
            for (int b = 1; b < bins; b++) {
                double q = sorted[(int) ((long) b * (n - 1) / bins)];
                if (k == 0 || q > c[k - 1]) {
                    c[k++] = q;
                }
            }
            cuts[j] = Arrays.copyOf(c, k);
            for (int i = 0; i < n; i++) {
                int at = Arrays.binarySearch(cuts[j], column[i]);
                binned[j][i] = (byte) (at >= 0 ? at : -at - 1);
            }
        }
        int positives = 0;
        for (boolean w : window) {
            positives += w ? 1 : 0;
        }
        double base = Math.log((positives + 0.5) / (n - positives + 0.5));
        double[] f = new double[n];
        Arrays.fill(f, base);
        double[] g = new double[n];
        double[] h = new double[n];
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Node[] trees = new Node[rounds];
        for (int t = 0; t < rounds; t++) {
            for (int i = 0; i < n; i++) {
                double prob = 1 / (1 + Math.exp(-f[i]));
                g[i] = prob - (window[i] ? 1 : 0);
                h[i] = Math.max(prob * (1 - prob), 1e-12);
            }
            trees[t] = grow(all, 2, binned, cuts, g, h);
            for (int i = 0; i < n; i++) {
                f[i] += trees[t].predict(rows[i]);
            }
        }
        return x -> {
            double s = base;
            for (Node tree : trees) {
                s += tree.predict(x);
            }
            return s;
        };
    }

    private Node grow(int[] rows, int depth, byte[][] binned, double[][] cuts, double[] g, double[] h) {
        double gSum = 0;
        double hSum = 0;
        for (int i : rows) {
            gSum += g[i];
            hSum += h[i];
        }
        double leaf = -eta * gSum / (hSum + lambda);
        if (depth == 0 || rows.length < 2 * minLeaf) {
            return new Node(-1, 0, null, null, leaf);
        }
        double parent = gSum * gSum / (hSum + lambda);
        double bestGain = 1e-12;
        int bestFeature = -1;
        int bestCut = -1;
        double[] gHist = new double[bins];
        double[] hHist = new double[bins];
        int[] cHist = new int[bins];
        for (int j = 0; j < cuts.length; j++) {
            Arrays.fill(gHist, 0);
            Arrays.fill(hHist, 0);
            Arrays.fill(cHist, 0);
            byte[] b = binned[j];
            for (int i : rows) {
                gHist[b[i]] += g[i];
                hHist[b[i]] += h[i];
                cHist[b[i]]++;
            }
            double gl = 0;
            double hl = 0;
            int cl = 0;
            for (int c = 0; c < cuts[j].length; c++) {
                gl += gHist[c];
                hl += hHist[c];
                cl += cHist[c];
                if (cl < minLeaf || rows.length - cl < minLeaf) {
                    continue;
                }
                double gr = gSum - gl;
                double hr = hSum - hl;
                double gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
                if (gain > bestGain) {
                    bestGain = gain;
                    bestFeature = j;
                    bestCut = c;
                }
            }
        }
        if (bestFeature < 0) {
            return new Node(-1, 0, null, null, leaf);
        }
        byte[] b = binned[bestFeature];
        int left = 0;
        for (int i : rows) {
            left += b[i] <= bestCut ? 1 : 0;
        }
        int[] l = new int[left];
        int[] r = new int[rows.length - left];
        int li = 0;
        int ri = 0;
        for (int i : rows) {
            if (b[i] <= bestCut) {
                l[li++] = i;
            } else {
                r[ri++] = i;
            }
        }
        return new Node(bestFeature, cuts[bestFeature][bestCut], grow(l, depth - 1, binned, cuts, g, h),
                grow(r, depth - 1, binned, cuts, g, h), leaf);
    }

    @Override
    public String toString() {
        return "BoostedTrees[rounds=" + rounds + ", eta=" + eta + ", lambda=" + lambda + ", bins=" + bins
                + ", minLeaf=" + minLeaf + ", depth=2]";
    }
}
