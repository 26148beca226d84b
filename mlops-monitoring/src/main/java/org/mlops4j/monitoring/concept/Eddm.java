package org.mlops4j.monitoring.concept;

import java.util.HashMap;
import java.util.Map;

/**
 * EDDM (Baena-García et al., 2006) as MOA (the authors' code) or River implements it: the mean
 * {@code p'} and standard deviation {@code s'} (Welford; population variance in MOA's convention,
 * sample variance in River's) of the distance between consecutive errors. The largest
 * {@code p' + 2s'} seen after the warm start is kept (from the {@code warmStart}-th observation in
 * MOA's convention, after it in River's); once the error count exceeds the warm start too, a ratio
 * {@code (p' + 2s') / max} below beta signals drift and below alpha warns.
 * Only errors move the statistic, so the state is unchanged by correct predictions. Statistics
 * restart at the update after a drift.
 */
final class Eddm implements ConceptDriftDetector {

    static final String NAME = "EDDM";

    private final EddmConfig config;
    private final boolean moa;
    private long n;
    private long lastError;
    private long errors;
    private double distanceMean;
    private double distanceM2;
    private double p2sMax;
    private DriftState state;

    Eddm(EddmConfig config) {
        this.config = config;
        this.moa = config.convention() == EddmConfig.Convention.MOA;
        reset();
    }

    @Override
    public DriftState update(double x) {
        Checks.bit(x);
        if (state == DriftState.DRIFT) {
            reset();
        }
        n++;
        if (x == 1.0) {
            errors++;
            double distance = n - lastError;
            double oldMean = distanceMean;
            distanceMean += (distance - oldMean) / errors;
            distanceM2 += (distance - oldMean) * (distance - distanceMean);
            if (n > config.warmStart() || (moa && n == config.warmStart())) {
                double variance = moa ? distanceM2 / errors : errors > 1 ? distanceM2 / (errors - 1) : 0.0;
                double p2s = distanceMean + 2 * Math.sqrt(variance);
                if (p2s > p2sMax) {
                    p2sMax = p2s;
                } else if (errors > config.warmStart()) {
                    double level = p2s / p2sMax;
                    if (level < config.beta()) {
                        state = DriftState.DRIFT;
                    } else if (level < config.alpha()) {
                        state = DriftState.WARNING;
                    } else {
                        state = DriftState.NONE;
                    }
                }
            }
            lastError = n;
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
        lastError = 0;
        errors = 0;
        distanceMean = 0.0;
        distanceM2 = 0.0;
        p2sMax = -1.0;
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
        v.put("alpha", config.alpha());
        v.put("beta", config.beta());
        v.put("convention", (double) config.convention().ordinal());
        v.put("n", (double) n);
        v.put("lastError", (double) lastError);
        v.put("errors", (double) errors);
        v.put("distanceMean", distanceMean);
        v.put("distanceM2", distanceM2);
        v.put("p2sMax", p2sMax);
        return DetectorState.of(NAME, state, v);
    }

    static Eddm restore(DetectorState s) {
        // States saved before the convention existed were River's.
        int convention = s.values().containsKey("convention") ? s.intValue("convention")
                : EddmConfig.Convention.RIVER.ordinal();
        EddmConfig.Convention[] conventions = EddmConfig.Convention.values();
        if (convention < 0 || convention >= conventions.length) {
            throw new IllegalArgumentException("EDDM state field 'convention' must be in [0, "
                    + (conventions.length - 1) + "] but was " + convention);
        }
        Eddm d = new Eddm(new EddmConfig(s.intValue("warmStart"), s.value("alpha"), s.value("beta"),
                conventions[convention]));
        d.n = s.longValue("n");
        d.lastError = s.longValue("lastError");
        d.errors = s.longValue("errors");
        d.distanceMean = s.value("distanceMean");
        d.distanceM2 = s.value("distanceM2");
        d.p2sMax = s.value("p2sMax");
        d.state = s.state();
        return d;
    }
}
