package org.mlops4j.monitoring.concept;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Rotating hyperplane (Hulten, Spencer and Domingos, "Mining Time-Changing Data Streams", KDD
 * 2001): features uniform in [0, 1]<sup>d</sup>, label 1 when {@code sum w_i x_i >= sum w_i / 2}.
 * Every {@code conceptLength} samples new weights are drawn uniformly from [0, 1]<sup>d</sup> and
 * the hyperplane rotates linearly from the old weights to the new ones over
 * {@code transitionLength} samples (gradual drift); each label is flipped with probability
 * {@code noise}.
 */
final class HyperplaneStream implements DriftStream {

    private final SplittableRandom random;
    private final SplittableRandom weightRandom;
    private final long conceptLength;
    private final long transitionLength;
    private final double noise;
    private final double[] previous;
    private final double[] target;
    private final double[] current;
    private long position;
    private long concept = -1;
    private boolean drawn;

    HyperplaneStream(long seed, int dimensions, long conceptLength, long transitionLength, double noise) {
        Checks.atLeast("dimensions", dimensions, 2);
        this.conceptLength = PeriodicDrifts.conceptLength(conceptLength);
        if (transitionLength < 1 || transitionLength > conceptLength) {
            throw new IllegalArgumentException("transitionLength must be in [1, conceptLength = "
                    + conceptLength + "] but was " + transitionLength);
        }
        this.transitionLength = transitionLength;
        this.noise = PeriodicDrifts.noise(noise);
        this.random = new SplittableRandom(seed);
        this.weightRandom = random.split();
        this.previous = new double[dimensions];
        this.target = new double[dimensions];
        this.current = new double[dimensions];
    }

    @Override
    public String name() {
        return "Hyperplane";
    }

    @Override
    public Sample next() {
        long c = position / conceptLength;
        while (concept < c) {
            System.arraycopy(target, 0, previous, 0, target.length);
            for (int i = 0; i < target.length; i++) {
                target[i] = weightRandom.nextDouble();
            }
            concept++;
        }
        long offset = position % conceptLength;
        double a = c == 0 || offset >= transitionLength ? 1.0 : (offset + 1.0) / transitionLength;
        for (int i = 0; i < current.length; i++) {
            current[i] = (1 - a) * previous[i] + a * target[i];
        }
        position++;
        drawn = true;
        double[] x = new double[current.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        int label = label(current, x);
        if (random.nextDouble() < noise) {
            label = 1 - label;
        }
        return new Sample(x, label);
    }

    private static int label(double[] w, double[] x) {
        double dot = 0.0;
        double sum = 0.0;
        for (int i = 0; i < w.length; i++) {
            dot += w[i] * x[i];
            sum += w[i];
        }
        return dot >= sum / 2 ? 1 : 0;
    }

    @Override
    public Concept currentConcept() {
        if (!drawn) {
            throw new IllegalStateException("no sample has been drawn yet");
        }
        double[] w = current.clone();
        return x -> label(w, x);
    }

    @Override
    public List<Long> driftPoints(long length) {
        return PeriodicDrifts.before(length, conceptLength);
    }
}
