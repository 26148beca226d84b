package org.mlops4j.lifecycle.analysis;

import java.util.concurrent.atomic.LongAdder;

/**
 * A mixture sequential probability ratio test (mSPRT) for the difference of two Bernoulli
 * failure rates, such as the error rates of a candidate (treatment) and the champion (control).
 * Its p-value is <em>always valid</em>: it may be looked at after every observation and the test
 * stopped the first time it drops below alpha, and the chance of ever wrongly rejecting equal
 * rates stays at most alpha (Johari, Koomen, Pekelis and Walsh, "Peeking at A/B tests", KDD
 * 2017; Johari, Pekelis and Walsh, "Always valid inference", 2015; the Optimizely stats engine).
 *
 * <p><b>Statistic.</b> With {@code x_c} failures in {@code n_c} control trials and {@code x_t} in
 * {@code n_t} treatment trials, {@code p_c = x_c / n_c}, {@code p_t = x_t / n_t},
 * <pre>
 *   theta  = p_t - p_c
 *   V      = p_c (1 - p_c) / n_c + p_t (1 - p_t) / n_t        (unpooled, so unequal n is fine)
 *   Lambda = sqrt(V / (V + tau^2)) * exp(tau^2 theta^2 / (2 V (V + tau^2)))
 * </pre>
 * the normal-mixture likelihood ratio of {@code theta ~ N(0, tau^2)} against {@code theta = 0}
 * for an estimate {@code theta ~ N(theta, V)}. {@code tau} should be of the order of the effects
 * worth detecting; the default {@code tau = 0.01} (mixing variance {@code 1e-4}) suits failure
 * rates of a few percent, where a one-point change matters. When {@code V = 0} (each arm all
 * failures or all successes), {@code Lambda} is 1 if {@code theta = 0} and {@code +Infinity}
 * otherwise. Until both arms have a trial the statistic is {@code theta = V = 0},
 * {@code Lambda = 1}.
 *
 * <p><b>Decision rule.</b> The p-value starts at 1; at each look (each {@link #current()} or
 * {@link #update} call) at which both arms have at least {@code minSamplesPerArm} trials it
 * becomes {@code min(p, 1 / Lambda)}, so it never increases; the warm-up keeps the variance
 * estimate from acting on a handful of failures. The first time {@code p < alpha} the decision
 * becomes TREATMENT_WORSE if {@code theta > 0}, TREATMENT_BETTER otherwise, and stays. With
 * {@code oneSided(true)} only looks with {@code theta > 0} may lower the p-value, so the test
 * stops only for a worse treatment; it uses the same two-sided mixture and keeps its guarantee
 * (conservatively). Taking the minimum over looks rather than over every observation only makes
 * the test more conservative.
 *
 * <p><b>Feeding.</b> Either call {@link #recordControl(boolean)} and
 * {@link #recordTreatment(boolean)} per observation (lock-free, any thread), or pass cumulative
 * counts to {@link #update(long, long, long, long)}; do not mix the two on one instance. Looks
 * are serialised on an internal lock. Instances are thread-safe.
 */
public final class Msprt {

    private final double alpha;
    private final double tau;
    private final long minSamplesPerArm;
    private final boolean oneSided;
    private final LongAdder controlFailures = new LongAdder();
    private final LongAdder controlTrials = new LongAdder();
    private final LongAdder treatmentFailures = new LongAdder();
    private final LongAdder treatmentTrials = new LongAdder();
    private final Object lock = new Object();
    private double pValue = 1.0;
    private MsprtResult.Decision decision = MsprtResult.Decision.CONTINUE;

    private Msprt(Builder b) {
        this.alpha = b.alpha;
        this.tau = b.tau;
        this.minSamplesPerArm = b.minSamplesPerArm;
        this.oneSided = b.oneSided;
    }

    /**
     * A builder with alpha 0.05, tau 0.01, 100 trials per arm before the first look counts, and
     * a two-sided decision.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Counts one control (champion) trial. Lock-free.
     *
     * @param failure whether the trial failed
     */
    public void recordControl(boolean failure) {
        // trials before failures, and looks read failures first, so a look never sees x > n
        controlTrials.increment();
        if (failure) {
            controlFailures.increment();
        }
    }

    /**
     * Counts one treatment (candidate) trial. Lock-free.
     *
     * @param failure whether the trial failed
     */
    public void recordTreatment(boolean failure) {
        treatmentTrials.increment();
        if (failure) {
            treatmentFailures.increment();
        }
    }

    /**
     * Replaces the counts with new cumulative totals and looks.
     *
     * @param controlFailures   control failures so far, in {@code [0, controlTrials]}
     * @param controlTrials     control trials so far
     * @param treatmentFailures treatment failures so far, in {@code [0, treatmentTrials]}
     * @param treatmentTrials   treatment trials so far
     * @return the state after this look
     * @throws IllegalArgumentException if a count is negative, failures exceed trials, or a count
     *                                  is lower than at the previous update
     */
    public MsprtResult update(long controlFailures, long controlTrials, long treatmentFailures,
                              long treatmentTrials) {
        synchronized (lock) {
            checkCounts("control", controlFailures, controlTrials);
            checkCounts("treatment", treatmentFailures, treatmentTrials);
            advance("controlFailures", this.controlFailures, controlFailures);
            advance("controlTrials", this.controlTrials, controlTrials);
            advance("treatmentFailures", this.treatmentFailures, treatmentFailures);
            advance("treatmentTrials", this.treatmentTrials, treatmentTrials);
            this.controlTrials.add(controlTrials - this.controlTrials.sum());
            this.controlFailures.add(controlFailures - this.controlFailures.sum());
            this.treatmentTrials.add(treatmentTrials - this.treatmentTrials.sum());
            this.treatmentFailures.add(treatmentFailures - this.treatmentFailures.sum());
            return look(controlFailures, controlTrials, treatmentFailures, treatmentTrials);
        }
    }

    /**
     * Looks at the counts recorded so far: computes the statistic, lowers the p-value if the
     * warm-up is over, and decides once it is below alpha.
     *
     * @return the state after this look
     */
    public MsprtResult current() {
        synchronized (lock) {
            long cf = controlFailures.sum();
            long tf = treatmentFailures.sum();
            return look(cf, controlTrials.sum(), tf, treatmentTrials.sum());
        }
    }

    private MsprtResult look(long cf, long ct, long tf, long tt) {
        double theta = 0;
        double variance = 0;
        double lambda = 1;
        if (ct > 0 && tt > 0) {
            double pc = (double) cf / ct;
            double pt = (double) tf / tt;
            theta = pt - pc;
            variance = pc * (1 - pc) / ct + pt * (1 - pt) / tt;
            lambda = lambda(theta, variance, tau * tau);
        }
        if (ct >= minSamplesPerArm && tt >= minSamplesPerArm && (!oneSided || theta > 0)) {
            pValue = Math.min(pValue, Math.min(1.0, 1 / lambda));
        }
        if (decision == MsprtResult.Decision.CONTINUE && pValue < alpha) {
            decision = theta > 0 ? MsprtResult.Decision.TREATMENT_WORSE
                    : MsprtResult.Decision.TREATMENT_BETTER;
        }
        return new MsprtResult(decision, pValue, theta, variance, lambda, cf, ct, tf, tt);
    }

    /** The normal-mixture likelihood ratio, in logs so that a large exponent gives +Infinity. */
    static double lambda(double theta, double variance, double tau2) {
        if (variance == 0) {
            return theta == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        double log = 0.5 * Math.log(variance / (variance + tau2))
                + tau2 * theta * theta / (2 * variance * (variance + tau2));
        return Math.exp(log);
    }

    private static void checkCounts(String arm, long failures, long trials) {
        if (trials < 0) {
            throw new IllegalArgumentException(arm + "Trials must be >= 0 but was " + trials);
        }
        if (failures < 0 || failures > trials) {
            throw new IllegalArgumentException(arm + "Failures must be in [0, " + arm + "Trials = "
                    + trials + "] but was " + failures);
        }
    }

    private static void advance(String name, LongAdder counter, long value) {
        long previous = counter.sum();
        if (value < previous) {
            throw new IllegalArgumentException(name + " is cumulative and must not decrease below "
                    + previous + " but was " + value);
        }
    }

    /** Configures an {@link Msprt}. Each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {

        private double alpha = 0.05;
        private double tau = 0.01;
        private long minSamplesPerArm = 100;
        private boolean oneSided;

        private Builder() {
        }

        /**
         * The significance level: the bound on the chance of ever stopping when the rates are
         * equal.
         *
         * @param value in {@code (0, 1)}; default 0.05
         * @return this builder
         * @throws IllegalArgumentException if the value is outside {@code (0, 1)} or NaN
         */
        public Builder alpha(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1) but was " + value);
            }
            this.alpha = value;
            return this;
        }

        /**
         * The standard deviation of the normal mixture over the rate difference; choose it near
         * the smallest difference worth detecting quickly.
         *
         * @param value finite and {@code > 0}, in rate units; default 0.01 ({@code tau^2 = 1e-4})
         * @return this builder
         * @throws IllegalArgumentException if the value is not finite and positive
         */
        public Builder tau(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("tau must be finite and > 0 but was " + value);
            }
            this.tau = value;
            return this;
        }

        /**
         * The trials each arm needs before a look may lower the p-value.
         *
         * @param value {@code >= 1}; default 100
         * @return this builder
         * @throws IllegalArgumentException if the value is below 1
         */
        public Builder minSamplesPerArm(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("minSamplesPerArm must be >= 1 but was " + value);
            }
            this.minSamplesPerArm = value;
            return this;
        }

        /**
         * Whether only a worse treatment may stop the test.
         *
         * @param value {@code true} to stop only on TREATMENT_WORSE; default {@code false}
         * @return this builder
         */
        public Builder oneSided(boolean value) {
            this.oneSided = value;
            return this;
        }

        /**
         * Builds a test with no observations.
         *
         * @return the test
         */
        public Msprt build() {
            return new Msprt(this);
        }
    }
}
