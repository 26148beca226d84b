package org.mlops4j.monitoring.concept;

import java.util.ArrayList;
import java.util.List;

/** Drift points every {@code conceptLength} samples, shared by the built-in streams. */
final class PeriodicDrifts {

    private PeriodicDrifts() {
    }

    static List<Long> before(long length, long conceptLength) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0 but was " + length);
        }
        List<Long> points = new ArrayList<>();
        for (long p = conceptLength; p < length; p += conceptLength) {
            points.add(p);
        }
        return List.copyOf(points);
    }

    static long conceptLength(long conceptLength) {
        if (conceptLength < 1) {
            throw new IllegalArgumentException("conceptLength must be >= 1 but was " + conceptLength);
        }
        return conceptLength;
    }

    static double noise(double noise) {
        if (!(noise >= 0.0 && noise < 0.5)) {
            throw new IllegalArgumentException("noise must be in [0, 0.5) but was " + noise);
        }
        return noise;
    }
}
