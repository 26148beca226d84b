package org.mlops4j.monitoring.concept;

import java.util.HashMap;
import java.util.Map;

/**
 * EDDM (Baena-García et al., 2006) as River implements it: the mean {@code p'} and standard
 * deviation {@code s'} (Welford, sample variance) of the distance between consecutive errors. The
 * largest {@code p' + 2s'} seen is kept; once both the sample count and the error count exceed the
 * warm start, a ratio {@code (p' + 2s') / max} below beta signals drift and below alpha warns.
 * Only errors move the statistic, so the state is unchanged by correct predictions. Statistics
 * restart at the update after a drift.
 */
final class Eddm implements ConceptDriftDetector {

    static final String NAME = "EDDM";

    private final EddmConfig config;
    private long n;
    private long lastError;
    private long errors;
    private double distanceMean;
    private double distanceM2;
    private double p2sMax;
    private DriftState state;

    Eddm(EddmConfig config) {
        this.config = config;
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
            if (n > config.warmStart()) {
                double variance = errors > 1 ? distanceM2 / (errors - 1) : 0.0;
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
        v.put("n", (double) n);
        v.put("lastError", (double) lastError);
        v.put("errors", (double) errors);
        v.put("distanceMean", distanceMean);
        v.put("distanceM2", distanceM2);
        v.put("p2sMax", p2sMax);
        return DetectorState.of(NAME, state, v);
    }

    static Eddm restore(DetectorState s) {
        Eddm d = new Eddm(new EddmConfig(s.intValue("warmStart"), s.value("alpha"), s.value("beta")));
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
