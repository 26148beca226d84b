package org.mlops4j.monitoring.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The isotonic calibrator by hand: pooling, ties, weights, interpolation, clipping, refusals. */
class IsotonicCalibratorTest {

    @Test
    void poolsViolatorsAndInterpolatesLinearlyBetweenTheFittedPoints() {
        IsotonicCalibrator c = IsotonicCalibrator.fit(new double[] {4, 1, 3, 2}, new int[] {1, 0, 0, 1});
        // Sorted: (1,0) (2,1) (3,0) (4,1); 2 and 3 pool to 0.5.
        assertThat(c.thresholds()).containsExactly(1, 2, 3, 4);
        assertThat(c.values()).containsExactly(0, 0.5, 0.5, 1);
        assertThat(c.calibrate(1.5)).isCloseTo(0.25, within(1e-15));
        assertThat(c.calibrate(2.5)).isCloseTo(0.5, within(1e-15));
        assertThat(c.calibrate(3.75)).isCloseTo(0.875, within(1e-15));
        assertThat(c.calibrate(3)).isEqualTo(0.5);
        assertThat(c.calibrate(0.0)).isEqualTo(0.0);
        assertThat(c.calibrate(1.0)).isEqualTo(0.0);
        assertThat(c.calibrate(4.0)).isEqualTo(1.0);
        assertThat(c.calibrate(99.0)).isEqualTo(1.0);
    }

    @Test
    void mergesEqualScoresAndHonoursWeights() {
        // Score 1 twice (outcomes 1 weight 3, 0 weight 1) = 0.75; score 2 outcome 0 weight 1 violates:
        // pooled (3 + 0) / 5 = 0.6.
        IsotonicCalibrator c = IsotonicCalibrator.fit(new double[] {1, 2, 1}, new int[] {1, 0, 0}, new double[] {3, 1, 1});
        assertThat(c.thresholds()).containsExactly(1, 2);
        assertThat(c.values()[0]).isCloseTo(0.6, within(1e-15));
        assertThat(c.values()[1]).isCloseTo(0.6, within(1e-15));
        IsotonicCalibrator unweighted = IsotonicCalibrator.fit(new double[] {1, 2, 1}, new int[] {1, 0, 0});
        assertThat(unweighted.values()[0]).isCloseTo(1.0 / 3, within(1e-15));
        // A lone point: constant.
        IsotonicCalibrator one = IsotonicCalibrator.fit(new double[] {0.4}, new int[] {1});
        assertThat(one.calibrate(-5)).isEqualTo(1.0);
        assertThat(one.calibrate(5)).isEqualTo(1.0);
        // An increasing sequence is left as it is; equal neighbours stay.
        IsotonicCalibrator monotone = IsotonicCalibrator.fit(new double[] {1, 2, 3, 4}, new int[] {0, 0, 1, 1});
        assertThat(monotone.values()).containsExactly(0, 0, 1, 1);
        assertThat(monotone.calibrate(new double[] {2.5, 2.25})).containsExactly(0.5, 0.25);
    }

    @Test
    void returnsCopies() {
        IsotonicCalibrator c = IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0, 1});
        c.thresholds()[0] = 99;
        c.values()[0] = 99;
        assertThat(c.thresholds()).containsExactly(1, 2);
        assertThat(c.values()).containsExactly(0, 1);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> IsotonicCalibrator.fit(null, new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(null, new int[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[0], new int[0], null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[0], null, new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes (1)");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights (1)");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, Double.NaN}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[1]");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, Double.POSITIVE_INFINITY}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores[1]");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes[1]").hasMessageContaining("2");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {-1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes[0]");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0, 1}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1]");
        assertThatThrownBy(() -> IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0, 1}, new double[] {Double.POSITIVE_INFINITY, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[0]");
        IsotonicCalibrator c = IsotonicCalibrator.fit(new double[] {1, 2}, new int[] {0, 1});
        assertThatThrownBy(() -> c.calibrate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
        assertThatThrownBy(() -> c.calibrate((double[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores");
    }
}
