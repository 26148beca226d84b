package org.mlops4j.monitoring.concept;

import java.util.List;
import java.util.SplittableRandom;

/**
 * STAGGER concepts (Schlimmer and Granger, "Incremental Learning from Noisy Data", Machine
 * Learning 1986): size, colour and shape, each coded 0, 1, 2 (small/medium/large,
 * red/green/blue, circle/square/triangle). The concept cycles every {@code conceptLength} samples
 * through (size = small and colour = red), (colour = green or shape = circle) and
 * (size = medium or large); each label is flipped with probability {@code noise}.
 */
final class StaggerStream implements DriftStream {

    private static final Concept[] CONCEPTS = {
        x -> x[0] == 0 && x[1] == 0 ? 1 : 0,
        x -> x[1] == 1 || x[2] == 0 ? 1 : 0,
        x -> x[0] == 1 || x[0] == 2 ? 1 : 0,
    };

    private final SplittableRandom random;
    private final long conceptLength;
    private final double noise;
    private long position;
    private int concept = -1;

    StaggerStream(long seed, long conceptLength, double noise) {
        this.random = new SplittableRandom(seed);
        this.conceptLength = PeriodicDrifts.conceptLength(conceptLength);
        this.noise = PeriodicDrifts.noise(noise);
    }

    @Override
    public String name() {
        return "STAGGER";
    }

    @Override
    public Sample next() {
        concept = (int) ((position++ / conceptLength) % CONCEPTS.length);
        double[] x = {random.nextInt(3), random.nextInt(3), random.nextInt(3)};
        int label = CONCEPTS[concept].label(x);
        if (random.nextDouble() < noise) {
            label = 1 - label;
        }
        return new Sample(x, label);
    }

    @Override
    public Concept currentConcept() {
        if (concept < 0) {
            throw new IllegalStateException("no sample has been drawn yet");
        }
        return CONCEPTS[concept];
    }

    @Override
    public List<Long> driftPoints(long length) {
        return PeriodicDrifts.before(length, conceptLength);
    }
}
