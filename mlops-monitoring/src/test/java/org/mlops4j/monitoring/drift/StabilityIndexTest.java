package org.mlops4j.monitoring.drift;

import org.mlops4j.monitoring.internal.Quantiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selection-based deciles of {@link StabilityIndex} equal the ones read from a sorted copy. */
class StabilityIndexTest {

    private static double[] sortedDeciles(double[] sample) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        double[] out = new double[9];
        for (int k = 1; k < 10; k++) {
            out[k - 1] = Quantiles.linear(sorted, k / 10.0);
        }
        return out;
    }

    @Test
    void decilesBySelectionMatchDecilesOfTheSortedSample() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int size : new int[] {1, 2, 3, 9, 10, 11, 100, 1_001, 50_000}) {
            double[] continuous = new double[size];
            double[] ties = new double[size];
            double[] constant = new double[size];
            for (int i = 0; i < size; i++) {
                continuous[i] = rnd.nextDouble() * 100 - 50;
                ties[i] = rnd.nextInt(4);
                constant[i] = 7.5;
            }
            for (double[] sample : new double[][] {continuous, ties, constant}) {
                double[] expected = sortedDeciles(sample);
                assertThat(StabilityIndex.deciles(sample.clone())).as("size %d", size).containsExactly(expected);
            }
        }
    }
}
