package org.mlops4j.monitoring.concept;

import java.util.List;
import java.util.SplittableRandom;

/**
 * SEA concepts (Street and Kim, "A Streaming Ensemble Algorithm (SEA) for Large-Scale
 * Classification", KDD 2001): three features uniform in [0, 10], label 1 when
 * {@code f1 + f2 <= theta}; the third feature is irrelevant. The threshold cycles through 8, 9, 7,
 * 9.5 every {@code conceptLength} samples and each label is flipped with probability {@code noise}.
 */
final class SeaStream implements DriftStream {

    private static final double[] THRESHOLDS = {8.0, 9.0, 7.0, 9.5};

    private final SplittableRandom random;
    private final long conceptLength;
    private final double noise;
    private long position;
    private int concept = -1;

    SeaStream(long seed, long conceptLength, double noise) {
        this.random = new SplittableRandom(seed);
        this.conceptLength = PeriodicDrifts.conceptLength(conceptLength);
        this.noise = PeriodicDrifts.noise(noise);
    }

    @Override
    public String name() {
        return "SEA";
    }

    @Override
    public Sample next() {
        concept = (int) ((position++ / conceptLength) % THRESHOLDS.length);
        double[] x = {random.nextDouble() * 10, random.nextDouble() * 10, random.nextDouble() * 10};
        int label = label(x, THRESHOLDS[concept]);
        if (random.nextDouble() < noise) {
            label = 1 - label;
        }
        return new Sample(x, label);
    }

    private static int label(double[] x, double threshold) {
        return x[0] + x[1] <= threshold ? 1 : 0;
    }

    @Override
    public Concept currentConcept() {
        if (concept < 0) {
            throw new IllegalStateException("no sample has been drawn yet");
        }
        double threshold = THRESHOLDS[concept];
        return x -> label(x, threshold);
    }

    @Override
    public List<Long> driftPoints(long length) {
        return PeriodicDrifts.before(length, conceptLength);
    }
}
