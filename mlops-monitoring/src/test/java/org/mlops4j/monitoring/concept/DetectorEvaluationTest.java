package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DetectorEvaluationTest {

    private static final long LENGTH = 50_000;
    private static final long CONCEPT = 12_500;
    private static final long MAX_DELAY = 2_500;

    private static EvaluationResult onSea(Supplier<ConceptDriftDetector> detectors) {
        EvaluationResult total = null;
        for (long seed = 1; seed <= 3; seed++) {
            EvaluationResult r = DetectorEvaluation.run(detectors, DriftStreams.sea(seed, CONCEPT), LENGTH, MAX_DELAY);
            total = total == null ? r : total.merge(r);
        }
        return total;
    }

    @Test
    void adwinPageHinkleyAndHddmADetectEverySeaDriftWithFewFalseAlarms() {
        for (Supplier<ConceptDriftDetector> d : List.<Supplier<ConceptDriftDetector>>of(
                ConceptDriftDetectors::adwin, ConceptDriftDetectors::pageHinkley, ConceptDriftDetectors::hddmA)) {
            EvaluationResult r = onSea(d);
            assertThat(r.drifts()).isEqualTo(9);
            assertThat(r.missed()).as(r.detector()).isZero();
            assertThat(r.meanDelay()).as(r.detector()).isLessThan(1_000);
            assertThat(r.falseAlarms()).as(r.detector()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void ddmDetectsMostSeaDriftsAndEddmAlarmsOften() {
        EvaluationResult ddm = onSea(ConceptDriftDetectors::ddm);
        assertThat(ddm.detected()).isGreaterThanOrEqualTo(4);
        assertThat(ddm.falseAlarms()).isLessThanOrEqualTo(10);
        EvaluationResult eddm = onSea(ConceptDriftDetectors::eddm);
        assertThat(eddm.missed()).isZero();
        assertThat(eddm.falseAlarms()).isBetween(20, 400);
    }

    @Test
    void detectorsFindStaggerAndHyperplaneDrifts() {
        EvaluationResult stagger = DetectorEvaluation.run(ConceptDriftDetectors::adwin,
                DriftStreams.stagger(1, 10_000, 0.1), 60_000, MAX_DELAY);
        assertThat(stagger.drifts()).isEqualTo(5);
        assertThat(stagger.missed()).isZero();
        assertThat(stagger.meanDelay()).isLessThan(200);
        EvaluationResult hyperplane = DetectorEvaluation.run(ConceptDriftDetectors::pageHinkley,
                DriftStreams.hyperplane(1, 10, 10_000, 1_000, 0.05), 50_000, MAX_DELAY);
        assertThat(hyperplane.drifts()).isEqualTo(4);
        assertThat(hyperplane.missed()).isZero();
        assertThat(hyperplane.meanDelay()).isLessThan(1_500);
        assertThat(hyperplane.falseAlarms()).isLessThanOrEqualTo(1);
    }

    @Test
    void detectorThatNeverFiresMissesEveryDrift() {
        EvaluationResult r = DetectorEvaluation.run(() -> new Fixed(DriftState.NONE), DriftStreams.sea(1, CONCEPT),
                LENGTH, MAX_DELAY);
        assertThat(r.missed()).isEqualTo(3);
        assertThat(r.falseAlarms()).isZero();
        assertThat(r.meanDelay()).isNaN();
        assertThat(r.mtfa()).isInfinite();
    }

    @Test
    void detectorThatAlwaysFiresIsChargedWithFalseAlarms() {
        EvaluationResult r = DetectorEvaluation.run(() -> new Fixed(DriftState.DRIFT), DriftStreams.sea(1, CONCEPT),
                LENGTH, MAX_DELAY);
        assertThat(r.detected()).isEqualTo(3);
        assertThat(r.meanDelay()).isZero();
        assertThat(r.stationarySamples()).isEqualTo(LENGTH - 3 * MAX_DELAY);
        assertThat(r.falseAlarms()).isEqualTo((int) (LENGTH - 3 * MAX_DELAY));
        assertThat(r.mtfa()).isEqualTo(1.0);
    }

    @Test
    void tableHasOneRowPerResult() {
        EvaluationResult r = new EvaluationResult("DDM", "SEA", 100, 2, 1, 40, 0, 50);
        assertThat(DetectorEvaluation.table(List.of(r))).endsWith("| DDM | SEA | 2 | 1 | 1 | 40 | 0 | ∞ |\n");
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> DetectorEvaluation.run(ConceptDriftDetectors::ddm, DriftStreams.sea(1, 10), 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length must be >= 1 but was 0");
        assertThatThrownBy(() -> new EvaluationResult("a", "b", 1, 1, 2, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 2");
        EvaluationResult r = new EvaluationResult("a", "b", 1, 1, 1, 0, 0, 0);
        assertThatThrownBy(() -> r.merge(new EvaluationResult("c", "b", 1, 1, 1, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A stub detector that always gives the same answer. */
    private static final class Fixed implements ConceptDriftDetector {
        private final DriftState answer;

        Fixed(DriftState answer) {
            this.answer = answer;
        }

        @Override
        public DriftState update(double x) {
            return answer;
        }

        @Override
        public DriftState state() {
            return answer;
        }

        @Override
        public void reset() {
        }

        @Override
        public String name() {
            return "Fixed";
        }

        @Override
        public DetectorState snapshot() {
            return DetectorState.of("Fixed", DriftState.NONE, java.util.Map.of());
        }
    }
}
