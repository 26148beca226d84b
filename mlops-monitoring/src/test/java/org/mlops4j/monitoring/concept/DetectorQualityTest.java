package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectorQualityTest {

    /** An alarm that fires at the given indices. */
    private static DetectorQuality.Alarm at(Integer... indices) {
        Set<Integer> fire = Set.of(indices);
        int[] t = {0};
        return x -> fire.contains(t[0]++);
    }

    @Test
    void firstAlarmAfterTheChangeIsTheDetectionAndOthersOutsideTheChangeAreFalse() {
        double[] xs = new double[QualityStream.LENGTH];
        // Abrupt: 10 before (false), 5,000 detects (delay 0), 5,001 and 9,000 after the jump (false).
        assertThat(DetectorQuality.run(xs, QualityStream.ABRUPT_BERNOULLI, at(10, 5_000, 5_001, 9_000)))
                .containsExactly(0, 3);
        // Gradual (1,000 wide): 5,300 detects, 5,600 is inside the change (not counted), 6,000 is false.
        assertThat(DetectorQuality.run(xs, QualityStream.GRADUAL_BERNOULLI, at(5_300, 5_600, 6_000)))
                .containsExactly(300, 1);
        // Stable: every alarm is false, nothing is detected.
        assertThat(DetectorQuality.run(xs, QualityStream.STABLE_BERNOULLI, at(0, 5_000, 9_999)))
                .containsExactly(-1, 3);
        // A change with no alarm at or after it is missed.
        assertThat(DetectorQuality.run(xs, QualityStream.SMALL_BERNOULLI, at(4_999))).containsExactly(-1, 1);
    }

    @Test
    void summariesCountDetectedSeedsOnly() {
        DetectorQuality.Result r = new DetectorQuality.Result("d", QualityStream.ABRUPT_BERNOULLI,
                List.of(10, -1, 30, -1), List.of(0, 2, 1, 1));
        assertThat(r.detected()).isEqualTo(2);
        assertThat(r.detectionRate()).isEqualTo(0.5);
        assertThat(r.meanDelay()).isEqualTo(20.0);
        assertThat(r.falseAlarmsPerStream()).isEqualTo(1.0);
        DetectorQuality.Result stable = new DetectorQuality.Result("d", QualityStream.STABLE_GAUSSIAN,
                List.of(-1, -1), List.of(1, 0));
        assertThat(stable.detectionRate()).isNaN();
        assertThat(stable.meanDelay()).isNaN();
        assertThat(DetectorQuality.table(List.of(r, stable))).contains("| d | ABRUPT_BERNOULLI | 0.50 | 20 | 1.00 |")
                .contains("| d | STABLE_GAUSSIAN | - | - | 0.50 |");
    }

    @Test
    void streamsHaveTheirLevelsAndAreReproducible() {
        assertThat(QualityStream.GRADUAL_BERNOULLI.level(4_999)).isEqualTo(0.2);
        assertThat(QualityStream.GRADUAL_BERNOULLI.level(5_500)).isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(QualityStream.GRADUAL_BERNOULLI.level(6_000)).isEqualTo(0.5);
        assertThat(QualityStream.SMALL_BERNOULLI.level(5_000)).isEqualTo(0.3);
        assertThat(QualityStream.STABLE_BERNOULLI.drifts()).isFalse();
        assertThat(QualityStream.GAUSSIAN_SHIFT.generate(3)).isEqualTo(QualityStream.GAUSSIAN_SHIFT.generate(3))
                .isNotEqualTo(QualityStream.GAUSSIAN_SHIFT.generate(4));
        double[] errors = QualityStream.ABRUPT_BERNOULLI.generate(1);
        double before = 0;
        double after = 0;
        for (int t = 0; t < QualityStream.LENGTH; t++) {
            assertThat(errors[t]).isIn(0.0, 1.0);
            if (t < QualityStream.CHANGE_AT) {
                before += errors[t];
            } else {
                after += errors[t];
            }
        }
        assertThat(before / QualityStream.CHANGE_AT).isBetween(0.18, 0.22);
        assertThat(after / (QualityStream.LENGTH - QualityStream.CHANGE_AT)).isBetween(0.48, 0.52);
    }
}
