package org.mlops4j.monitoring.concept;

import java.util.HashMap;
import java.util.Map;

/**
 * DDM (Gama et al., SBIA 2004) as River implements it: the error rate {@code p} and its binomial
 * standard deviation {@code s = sqrt(p(1-p)/n)}; after the warm start the pair with the least
 * {@code p + s} is kept, and {@code p + s} above {@code p_min + 2 s_min} warns, above
 * {@code p_min + 3 s_min} signals drift. Statistics restart at the update after a drift.
 */
final class Ddm implements ConceptDriftDetector {

    static final String NAME = "DDM";

    private final DdmConfig config;
    private long n;
    private double mean;
    private double pMin;
    private double sMin;
    private double psMin;
    private DriftState state;

    Ddm(DdmConfig config) {
        this.config = config;
        reset();
    }

    @Override
    public DriftState update(double x) {
        Checks.unit(x);
        if (state == DriftState.DRIFT) {
            reset();
        }
        n++;
        mean += (x - mean) / n;
        double s = Math.sqrt(mean * (1 - mean) / n);
        if (n > config.warmStart()) {
            double ps = mean + s;
            if (ps <= psMin) {
                pMin = mean;
                sMin = s;
                psMin = ps;
            }
            if (ps > pMin + config.driftThreshold() * sMin) {
                state = DriftState.DRIFT;
            } else if (ps > pMin + config.warningThreshold() * sMin) {
                state = DriftState.WARNING;
            } else {
                state = DriftState.NONE;
            }
        }
        return state;
    }

    @Override
    public DriftState state() {
        return state;
    }

    @Override
    public void reset() {
        n = 0;
        mean = 0.0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
        psMin = Double.POSITIVE_INFINITY;
        state = DriftState.NONE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DetectorState snapshot() {
        Map<String, Double> v = new HashMap<>();
        v.put("warmStart", (double) config.warmStart());
        v.put("warningThreshold", config.warningThreshold());
        v.put("driftThreshold", config.driftThreshold());
        v.put("n", (double) n);
        v.put("mean", mean);
        v.put("pMin", pMin);
        v.put("sMin", sMin);
        v.put("psMin", psMin);
        return DetectorState.of(NAME, state, v);
    }

    static Ddm restore(DetectorState s) {
        Ddm d = new Ddm(new DdmConfig(s.intValue("warmStart"), s.value("warningThreshold"),
                s.value("driftThreshold")));
        d.n = s.longValue("n");
        d.mean = s.value("mean");
        d.pMin = s.value("pMin");
        d.sMin = s.value("sMin");
        d.psMin = s.value("psMin");
        d.state = s.state();
        return d;
    }
}
