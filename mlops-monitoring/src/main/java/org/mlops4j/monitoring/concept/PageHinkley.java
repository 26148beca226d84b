package org.mlops4j.monitoring.concept;

import java.util.HashMap;
import java.util.Map;

/**
 * The Page-Hinkley test (Page 1954) as River implements it: with the running mean {@code x̄} and
 * deviation {@code d = x - x̄}, the sums {@code U = alpha U + d - delta} and
 * {@code L = alpha L + d + delta} are kept with their extremes; after {@code minInstances}
 * observations, {@code U - min U > threshold} signals an increase and {@code max L - L > threshold}
 * a decrease. Page-Hinkley never warns. Statistics restart at the update after a drift.
 */
final class PageHinkley implements ConceptDriftDetector {

    static final String NAME = "PageHinkley";

    private final PageHinkleyConfig config;
    private final boolean up;
    private final boolean down;
    private long n;
    private double mean;
    private double sumIncrease;
    private double sumDecrease;
    private double minIncrease;
    private double maxDecrease;
    private DriftState state;

    PageHinkley(PageHinkleyConfig config) {
        this.config = config;
        this.up = config.mode() != PageHinkleyConfig.Mode.DOWN;
        this.down = config.mode() != PageHinkleyConfig.Mode.UP;
        reset();
    }

    @Override
    public DriftState update(double x) {
        Checks.finite(x);
        if (state == DriftState.DRIFT) {
            reset();
        }
        n++;
        mean += (x - mean) / n;
        double dev = x - mean;
        sumIncrease = config.alpha() * sumIncrease + dev - config.delta();
        sumDecrease = config.alpha() * sumDecrease + dev + config.delta();
        if (sumIncrease < minIncrease) {
            minIncrease = sumIncrease;
        }
        if (sumDecrease > maxDecrease) {
            maxDecrease = sumDecrease;
        }
        if (n >= config.minInstances()) {
            boolean drift = (up && sumIncrease - minIncrease > config.threshold())
                    || (down && maxDecrease - sumDecrease > config.threshold());
            state = drift ? DriftState.DRIFT : DriftState.NONE;
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
        sumIncrease = 0.0;
        sumDecrease = 0.0;
        // River starts the decrease maximum at -1; the first deviation is 0, so the first sum
        // (delta >= 0) replaces either start value and -infinity gives identical answers.
        minIncrease = Double.POSITIVE_INFINITY;
        maxDecrease = Double.NEGATIVE_INFINITY;
        state = DriftState.NONE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DetectorState snapshot() {
        Map<String, Double> v = new HashMap<>();
        v.put("minInstances", (double) config.minInstances());
        v.put("delta", config.delta());
        v.put("threshold", config.threshold());
        v.put("alpha", config.alpha());
        v.put("mode", (double) config.mode().ordinal());
        v.put("n", (double) n);
        v.put("mean", mean);
        v.put("sumIncrease", sumIncrease);
        v.put("sumDecrease", sumDecrease);
        v.put("minIncrease", minIncrease);
        v.put("maxDecrease", maxDecrease);
        return DetectorState.of(NAME, state, v);
    }

    static PageHinkley restore(DetectorState s) {
        int mode = s.intValue("mode");
        PageHinkleyConfig.Mode[] modes = PageHinkleyConfig.Mode.values();
        if (mode < 0 || mode >= modes.length) {
            throw new IllegalArgumentException("PageHinkley state field 'mode' must be in [0, "
                    + (modes.length - 1) + "] but was " + mode);
        }
        PageHinkley d = new PageHinkley(new PageHinkleyConfig(s.intValue("minInstances"),
                s.value("delta"), s.value("threshold"), s.value("alpha"), modes[mode]));
        d.n = s.longValue("n");
        d.mean = s.value("mean");
        d.sumIncrease = s.value("sumIncrease");
        d.sumDecrease = s.value("sumDecrease");
        d.minIncrease = s.value("minIncrease");
        d.maxDecrease = s.value("maxDecrease");
        d.state = s.state();
        return d;
    }
}
