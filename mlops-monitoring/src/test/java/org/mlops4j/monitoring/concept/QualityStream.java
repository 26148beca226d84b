package org.mlops4j.monitoring.concept;

import java.util.SplittableRandom;

/**
 * The six seeded streams of the detection-quality harness ({@link DetectorQuality}), after the
 * change-detection experiments of MOA (Bifet et al., "MOA: Massive Online Analysis", JMLR 2010) and
 * of Gama et al., "On evaluating stream learning algorithms", Machine Learning 2013: 10,000 values,
 * and where the stream drifts, a change that starts at value 5,000.
 *
 * <p>The Bernoulli streams are 0/1 error indicators at an error rate of 0.2; the Gaussian streams
 * have a standard deviation of 1. Values come from {@link SplittableRandom} seeded with
 * {@code seed * 31 + ordinal()} and, for the Gaussian streams, the Box-Muller transform, so a seed
 * gives the same values on every JVM.
 */
public enum QualityStream {

    /** Error rate 0.2, jumping to 0.5 at value 5,000. */
    ABRUPT_BERNOULLI(true, 0.2, 0.5, 0),
    /** Error rate 0.2, jumping to 0.3 at value 5,000. */
    SMALL_BERNOULLI(true, 0.2, 0.3, 0),
    /** Error rate 0.2, rising linearly to 0.5 over values 5,000 to 6,000. */
    GRADUAL_BERNOULLI(true, 0.2, 0.5, 1_000),
    /** Error rate 0.2 throughout. */
    STABLE_BERNOULLI(true, 0.2, 0.2, 0),
    /** Mean 0, jumping to 1 at value 5,000. */
    GAUSSIAN_SHIFT(false, 0.0, 1.0, 0),
    /** Mean 0 throughout. */
    STABLE_GAUSSIAN(false, 0.0, 0.0, 0);

    /** Values per stream. */
    public static final int LENGTH = 10_000;
    /** The value at which the change starts, on the streams that change. */
    public static final int CHANGE_AT = 5_000;

    private final boolean errors;
    private final double before;
    private final double after;
    private final int width;

    QualityStream(boolean errors, double before, double after, int width) {
        this.errors = errors;
        this.before = before;
        this.after = after;
        this.width = width;
    }

    /**
     * Whether the values are 0/1 error indicators (every detector takes them) rather than Gaussian
     * values (only ADWIN and Page-Hinkley take them).
     *
     * @return true for the Bernoulli streams
     */
    public boolean errors() {
        return errors;
    }

    /**
     * Whether the stream changes at {@link #CHANGE_AT}.
     *
     * @return false for the stable streams
     */
    public boolean drifts() {
        return before != after;
    }

    /**
     * The length of the change: 0 for a jump, 1,000 for the gradual shift.
     *
     * @return values from the start of the change to its end
     */
    public int width() {
        return width;
    }

    /**
     * The error rate or mean in force at value {@code t}.
     *
     * @param t the value's index
     * @return the parameter of its distribution
     */
    public double level(int t) {
        if (t < CHANGE_AT || !drifts()) {
            return before;
        }
        if (t >= CHANGE_AT + width) {
            return after;
        }
        return before + (after - before) * (t - CHANGE_AT) / width;
    }

    /**
     * Generates the stream for one seed.
     *
     * @param seed the seed, 1 to 30 in the harness
     * @return {@link #LENGTH} values
     */
    public double[] generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + ordinal());
        double[] xs = new double[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            double level = level(t);
            xs[t] = errors
                    ? (random.nextDouble() < level ? 1.0 : 0.0)
                    : level + Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                            * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return xs;
    }
}
