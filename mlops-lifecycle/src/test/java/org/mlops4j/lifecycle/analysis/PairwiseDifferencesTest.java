package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairwiseDifferencesTest {

    @Test
    void everyOrderStatisticEqualsTheFullSortWithAndWithoutTies() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 40; round++) {
            int n = 1 + random.nextInt(120);
            int m = 1 + random.nextInt(120);
            boolean ties = round % 2 == 0;
            double[] x = sample(random, n, ties);
            double[] y = sample(random, m, ties);
            double[] all = new double[n * m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    all[i * m + j] = x[i] - y[j];
                }
            }
            Arrays.sort(all);
            PairwiseDifferences differences = new PairwiseDifferences(x, y);
            for (int k = 1; k <= all.length; k += 1 + all.length / 97) {
                assertThat(differences.select(k)).as("n=%d m=%d k=%d", n, m, k).isEqualTo(all[k - 1]);
            }
            assertThat(differences.select(all.length)).isEqualTo(all[all.length - 1]);
        }
    }

    @Test
    void largeSamplesGoThroughThePivotRoundsAndStillMatch() {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = sample(random, 700, true);
        double[] y = sample(random, 500, false);
        double[] all = new double[700 * 500];
        for (int i = 0; i < 700; i++) {
            for (int j = 0; j < 500; j++) {
                all[i * 500 + j] = x[i] - y[j];
            }
        }
        Arrays.sort(all);
        PairwiseDifferences differences = new PairwiseDifferences(x, y);
        for (long k : new long[] {1, 2, 1000, 87_500, 175_000, 175_001, 262_500, 349_999, 350_000}) {
            assertThat(differences.select(k)).as("k=%d", k).isEqualTo(all[(int) k - 1]);
        }
    }

    private static double[] sample(SplittableRandom random, int n, boolean ties) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double v = random.nextDouble() * 10;
            s[i] = ties ? Math.rint(v) : v;
        }
        Arrays.sort(s);
        return s;
    }
}
