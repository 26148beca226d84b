package org.mlops4j.monitoring.concept;

import java.util.HashMap;
import java.util.Map;

/**
 * HDDM_A (Frías-Blanco et al., IEEE TKDE 2015) as River and MOA implement it: the running mean
 * {@code Z} of all observations is compared with the mean {@code X} recorded at a cut point, the
 * prefix whose Hoeffding upper bound {@code mean + sqrt(ln(1/drift) / 2n)} was least. An increase
 * {@code Z - X >= sqrt(m/2 ln(2/c))}, with {@code m = (n_Z - n_X) / (n_X n_Z)}, signals drift at
 * confidence {@code c = driftConfidence} or warns at {@code warningConfidence}. The two-sided
 * variant tracks a second cut point for decreases. Statistics restart at the update after a drift.
 */
final class HddmA implements ConceptDriftDetector {

    static final String NAME = "HDDM_A";

    private final HddmAConfig config;
    private final double logInvDrift;
    private final double logTwoOverDrift;
    private final double logTwoOverWarning;
    private long zN;
    private double zMean;
    private long minN;
    private double minMean;
    private long maxN;
    private double maxMean;
    private DriftState state;

    HddmA(HddmAConfig config) {
        this.config = config;
        this.logInvDrift = Math.log(1.0 / config.driftConfidence());
        this.logTwoOverDrift = Math.log(2.0 / config.driftConfidence());
        this.logTwoOverWarning = Math.log(2.0 / config.warningConfidence());
        reset();
    }

    @Override
    public DriftState update(double x) {
        Checks.unit(x);
        if (state == DriftState.DRIFT) {
            reset();
        }
        zN++;
        zMean += (x - zMean) / zN;
        if (minN == 0) {
            minN = zN;
            minMean = zMean;
        }
        if (maxN == 0) {
            maxN = zN;
            maxMean = zMean;
        }
        double epsZ = bound(zN);
        if (minMean + bound(minN) >= zMean + epsZ) {
            minN = zN;
            minMean = zMean;
        }
        if (maxMean - bound(maxN) <= zMean - epsZ) {
            maxN = zN;
            maxMean = zMean;
        }
        DriftState next = DriftState.NONE;
        if (minN != zN) {
            double gap = zMean - minMean;
            double m = (double) (zN - minN) / minN / zN;
            if (gap >= Math.sqrt(m / 2 * logTwoOverDrift)) {
                next = DriftState.DRIFT;
            } else if (gap >= Math.sqrt(m / 2 * logTwoOverWarning)) {
                next = DriftState.WARNING;
            }
        }
        if (config.twoSided() && next != DriftState.DRIFT && maxN != zN) {
            double gap = maxMean - zMean;
            double m = (double) (zN - maxN) / maxN / zN;
            if (gap >= Math.sqrt(m / 2 * logTwoOverDrift)) {
                next = DriftState.DRIFT;
            } else if (gap >= Math.sqrt(m / 2 * logTwoOverWarning)) {
                next = DriftState.WARNING;
            }
        }
        state = next;
        return state;
    }

    private double bound(long count) {
        return Math.sqrt(logInvDrift / (2.0 * count));
    }

    @Override
    public DriftState state() {
        return state;
    }

    @Override
    public void reset() {
        zN = 0;
        zMean = 0.0;
        minN = 0;
        minMean = 0.0;
        maxN = 0;
        maxMean = 0.0;
        state = DriftState.NONE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DetectorState snapshot() {
        Map<String, Double> v = new HashMap<>();
        v.put("driftConfidence", config.driftConfidence());
        v.put("warningConfidence", config.warningConfidence());
        v.put("twoSided", config.twoSided() ? 1.0 : 0.0);
        v.put("zN", (double) zN);
        v.put("zMean", zMean);
        v.put("minN", (double) minN);
        v.put("minMean", minMean);
        v.put("maxN", (double) maxN);
        v.put("maxMean", maxMean);
        return DetectorState.of(NAME, state, v);
    }

    static HddmA restore(DetectorState s) {
        HddmA d = new HddmA(new HddmAConfig(s.value("driftConfidence"), s.value("warningConfidence"),
                s.value("twoSided") != 0.0));
        d.zN = s.longValue("zN");
        d.zMean = s.value("zMean");
        d.minN = s.longValue("minN");
        d.minMean = s.value("minMean");
        d.maxN = s.longValue("maxN");
        d.maxMean = s.value("maxMean");
        d.state = s.state();
        return d;
    }
}
