package org.mlops4j.monitoring.concept;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * ADWIN (Bifet and Gavaldà, SIAM SDM 2007) with the exponential histogram of the paper's ADWIN2,
 * as River and MOA implement it. Row {@code r} holds up to {@code maxBuckets} buckets of
 * {@code 2^r} observations (their total and variance, merged with the formula of Babcock et al.
 * 2003); inserting an observation when a row overflows merges its two oldest buckets into the next
 * row. Every {@code clock} updates, once the window is longer than the grace period, each boundary
 * between buckets is tested as a cut {@code W0 | W1}: with {@code m = 1/(n0 - mwl + 1) +
 * 1/(n1 - mwl + 1)} and {@code d' = ln(2 ln(W) / delta)}, a cut holds when
 * {@code |mean0 - mean1| > sqrt(2 m var d') + 2/3 m d'}. The oldest bucket is then dropped and the
 * test repeated until no cut holds. With {@code increasesOnly}, as MOA's {@code ADWINChangeDetector},
 * a drift is signalled only when the window's mean after the cuts is above its mean before the
 * update; the window shrinks at every cut either way. An update costs O(1) amortised plus O(log W) every
 * {@code clock} updates.
 */
final class Adwin implements ConceptDriftDetector {

    static final String NAME = "ADWIN";
    private static final int MAX_ROWS = 64;

    private final AdwinConfig config;
    private final int capacity;
    private final int[] counts = new int[MAX_ROWS];
    private final double[] totals;
    private final double[] variances;
    private int rows;
    private long width;
    private double total;
    private double variance;
    private long tick;
    private DriftState state;

    Adwin(AdwinConfig config) {
        this.config = config;
        this.capacity = config.maxBuckets() + 1;
        this.totals = new double[MAX_ROWS * capacity];
        this.variances = new double[MAX_ROWS * capacity];
        reset();
    }

    @Override
    public DriftState update(double x) {
        Checks.finite(x);
        double totalBefore = total;
        long widthBefore = width;
        insert(x);
        // The means are compared only after a cut, so an update without one divides nothing more.
        boolean drift = detect() && (!config.increasesOnly()
                || total / width > (widthBefore == 0 ? 0.0 : totalBefore / widthBefore));
        state = drift ? DriftState.DRIFT : DriftState.NONE;
        return state;
    }

    private void insert(double x) {
        append(0, x, 0.0);
        width++;
        if (width > 1) {
            double d = x - total / (width - 1);
            variance += (width - 1) * d * d / width;
        }
        total += x;
        for (int r = 0; counts[r] > config.maxBuckets(); r++) {
            if (r + 1 == rows) {
                rows++;
            }
            int base = r * capacity;
            double size = bucketSize(r);
            double t0 = totals[base];
            double t1 = totals[base + 1];
            double mu = t0 / size - t1 / size;
            double merged = variances[base] + variances[base + 1] + size * size * mu * mu / (2 * size);
            append(r + 1, t0 + t1, merged);
            dropOldest(r, 2);
        }
    }

    private boolean detect() {
        tick++;
        if (tick % config.clock() != 0 || width <= config.gracePeriod()) {
            return false;
        }
        boolean change = false;
        boolean cut = true;
        int mwl = config.minWindowLength();
        while (cut) {
            cut = false;
            double w = width;
            double logTerm = Math.log(2 * Math.log(w) / config.delta());
            double windowVariance = variance / w;
            double n0 = 0.0;
            double n1 = w;
            double u0 = 0.0;
            double u1 = total;
            scan:
            for (int r = rows - 1; r >= 0; r--) {
                double size = bucketSize(r);
                int base = r * capacity;
                for (int k = 0; k < counts[r]; k++) {
                    double u = totals[base + k];
                    n0 += size;
                    n1 -= size;
                    u0 += u;
                    u1 -= u;
                    if (r == 0 && k == counts[r] - 1) {
                        break scan;
                    }
                    if (n0 >= mwl && n1 >= mwl) {
                        double m = 1.0 / (n0 - mwl + 1) + 1.0 / (n1 - mwl + 1);
                        double epsilon = Math.sqrt(2 * m * windowVariance * logTerm) + 2.0 / 3.0 * logTerm * m;
                        if (Math.abs(u0 / n0 - u1 / n1) > epsilon) {
                            change = true;
                            cut = true;
                            deleteOldestBucket();
                            break scan;
                        }
                    }
                }
            }
        }
        return change;
    }

    private void deleteOldestBucket() {
        int r = rows - 1;
        double n = bucketSize(r);
        double u = totals[r * capacity];
        double v = variances[r * capacity];
        width -= (long) n;
        total -= u;
        double d = u / n - total / width;
        variance -= v + n * width * d * d / (n + width);
        dropOldest(r, 1);
        if (counts[r] == 0 && rows > 1) {
            rows--;
        }
    }

    private void append(int row, double t, double v) {
        int i = row * capacity + counts[row];
        totals[i] = t;
        variances[i] = v;
        counts[row]++;
    }

    private void dropOldest(int row, int k) {
        int base = row * capacity;
        int remaining = counts[row] - k;
        System.arraycopy(totals, base + k, totals, base, remaining);
        System.arraycopy(variances, base + k, variances, base, remaining);
        counts[row] = remaining;
    }

    private static double bucketSize(int row) {
        return (double) (1L << row);
    }

    @Override
    public DriftState state() {
        return state;
    }

    @Override
    public void reset() {
        Arrays.fill(counts, 0);
        rows = 1;
        width = 0;
        total = 0.0;
        variance = 0.0;
        tick = 0;
        state = DriftState.NONE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DetectorState snapshot() {
        Map<String, Double> v = new HashMap<>();
        v.put("delta", config.delta());
        v.put("clock", (double) config.clock());
        v.put("maxBuckets", (double) config.maxBuckets());
        v.put("minWindowLength", (double) config.minWindowLength());
        v.put("gracePeriod", (double) config.gracePeriod());
        v.put("increasesOnly", config.increasesOnly() ? 1.0 : 0.0);
        v.put("rows", (double) rows);
        v.put("width", (double) width);
        v.put("total", total);
        v.put("variance", variance);
        v.put("tick", (double) tick);
        for (int r = 0; r < rows; r++) {
            v.put("row." + r + ".count", (double) counts[r]);
            for (int k = 0; k < counts[r]; k++) {
                v.put("row." + r + "." + k + ".total", totals[r * capacity + k]);
                v.put("row." + r + "." + k + ".variance", variances[r * capacity + k]);
            }
        }
        return DetectorState.of(NAME, state, v);
    }

    static Adwin restore(DetectorState s) {
        // States saved before increasesOnly existed signalled every cut.
        double flag = s.values().containsKey("increasesOnly") ? s.value("increasesOnly") : 0.0;
        if (flag != 0.0 && flag != 1.0) {
            throw new IllegalArgumentException("ADWIN state field 'increasesOnly' must be 0 or 1 but was " + flag);
        }
        boolean increasesOnly = flag == 1.0;
        Adwin d = new Adwin(new AdwinConfig(s.value("delta"), s.intValue("clock"), s.intValue("maxBuckets"),
                s.intValue("minWindowLength"), s.intValue("gracePeriod"), increasesOnly));
        int rows = s.intValue("rows");
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("ADWIN state field 'rows' must be in [1, " + MAX_ROWS
                    + "] but was " + rows);
        }
        d.rows = rows;
        for (int r = 0; r < rows; r++) {
            int count = s.intValue("row." + r + ".count");
            if (count < 0 || count > d.config.maxBuckets()) {
                throw new IllegalArgumentException("ADWIN state field 'row." + r + ".count' must be in [0, "
                        + d.config.maxBuckets() + "] but was " + count);
            }
            d.counts[r] = count;
            for (int k = 0; k < count; k++) {
                d.totals[r * d.capacity + k] = s.value("row." + r + "." + k + ".total");
                d.variances[r * d.capacity + k] = s.value("row." + r + "." + k + ".variance");
            }
        }
        d.width = s.longValue("width");
        d.total = s.value("total");
        d.variance = s.value("variance");
        d.tick = s.longValue("tick");
        d.state = s.state();
        return d;
    }

    /** The number of observations in the window, for tests. */
    long width() {
        return width;
    }
}
