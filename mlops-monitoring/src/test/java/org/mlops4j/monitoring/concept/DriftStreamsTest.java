package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DriftStreamsTest {

    @Test
    void sameSeedGivesSameSamples() {
        DriftStream a = DriftStreams.sea(7, 100);
        DriftStream b = DriftStreams.sea(7, 100);
        for (int i = 0; i < 1_000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void driftPointsFollowTheConceptLength() {
        assertThat(DriftStreams.sea(1, 12_500).driftPoints(50_000)).containsExactly(12_500L, 25_000L, 37_500L);
        assertThat(DriftStreams.stagger(1, 10_000, 0).driftPoints(30_001)).containsExactly(10_000L, 20_000L, 30_000L);
    }

    @Test
    void seaFlipsAboutTenPercentOfLabelsAndUsesThresholdsEightNineSevenNineAndAHalf() {
        DriftStream sea = DriftStreams.sea(3, 10_000);
        double[] thresholds = {8, 9, 7, 9.5};
        int flipped = 0;
        for (int i = 0; i < 40_000; i++) {
            Sample s = sea.next();
            double[] x = s.features();
            assertThat(x).hasSize(3);
            assertThat(Math.min(x[0], Math.min(x[1], x[2]))).isGreaterThanOrEqualTo(0.0);
            assertThat(Math.max(x[0], Math.max(x[1], x[2]))).isLessThan(10.0);
            int clean = x[0] + x[1] <= thresholds[i / 10_000] ? 1 : 0;
            assertThat(sea.currentConcept().label(x)).isEqualTo(clean);
            flipped += s.label() != clean ? 1 : 0;
        }
        assertThat(flipped / 40_000.0).isBetween(0.09, 0.11);
    }

    @Test
    void staggerCyclesThroughItsThreeConcepts() {
        DriftStream stagger = DriftStreams.stagger(2, 1_000, 0.0);
        double[] smallRedCircle = {0, 0, 0};
        double[] largeBlueSquare = {2, 2, 1};
        int[][] expected = {{1, 0}, {1, 0}, {0, 1}, {1, 0}};
        for (int c = 0; c < 4; c++) {
            Sample s = null;
            for (int i = 0; i < 1_000; i++) {
                s = stagger.next();
                assertThat(s.label()).isEqualTo(stagger.currentConcept().label(s.features()));
            }
            assertThat(stagger.currentConcept().label(smallRedCircle)).as("concept %d", c).isEqualTo(expected[c][0]);
            assertThat(stagger.currentConcept().label(largeBlueSquare)).as("concept %d", c).isEqualTo(expected[c][1]);
        }
    }

    @Test
    void hyperplaneRotatesGraduallyDuringTheTransition() {
        DriftStream hp = DriftStreams.hyperplane(5, 10, 5_000, 1_000, 0.0);
        for (int i = 0; i < 5_000; i++) {
            hp.next();
        }
        Concept first = hp.currentConcept();
        double[] disagreement = new double[3];
        int[] checkpoints = {100, 500, 1_000};
        int drawn = 0;
        for (int k = 0; k < checkpoints.length; k++) {
            while (drawn < checkpoints[k]) {
                hp.next();
                drawn++;
            }
            Concept now = hp.currentConcept();
            java.util.SplittableRandom r = new java.util.SplittableRandom(k);
            int differ = 0;
            for (int i = 0; i < 5_000; i++) {
                double[] x = new double[10];
                for (int j = 0; j < 10; j++) {
                    x[j] = r.nextDouble();
                }
                differ += first.label(x) != now.label(x) ? 1 : 0;
            }
            disagreement[k] = differ / 5_000.0;
        }
        assertThat(disagreement[0]).isLessThan(disagreement[1]);
        assertThat(disagreement[1]).isLessThan(disagreement[2]);
        assertThat(disagreement[2]).isGreaterThan(0.05);
    }

    @Test
    void conceptIsUnavailableBeforeTheFirstSample() {
        assertThatThrownBy(() -> DriftStreams.stagger(1, 10, 0).currentConcept())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> DriftStreams.sea(1, 0)).hasMessage("conceptLength must be >= 1 but was 0");
        assertThatThrownBy(() -> DriftStreams.sea(1, 10, 0.7)).hasMessage("noise must be in [0, 0.5) but was 0.7");
        assertThatThrownBy(() -> DriftStreams.hyperplane(1, 10, 100, 200, 0))
                .hasMessageContaining("transitionLength must be in [1, conceptLength = 100] but was 200");
    }
}
