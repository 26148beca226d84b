package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every built-in {@link ConceptDriftDetector} runs: quiet on a stationary error
 * stream, quick on a jump of the error rate, strict on inputs, and exact through reset and
 * snapshot/restore.
 */
abstract class ConceptDriftDetectorContractTest {

    /** Returns a detector with default parameters. */
    abstract ConceptDriftDetector create();

    /** The most drifts tolerated on 50,000 Bernoulli(0.1) errors with seed 42. */
    abstract int maxStationaryAlarms();

    /** The longest tolerated delay after the error rate jumps from 0.1 to 0.5. */
    abstract int maxJumpDelay();

    static double[] bernoulli(long seed, int length, int jumpAt, double before, double after) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[length];
        for (int i = 0; i < length; i++) {
            xs[i] = random.nextDouble() < (i < jumpAt ? before : after) ? 1.0 : 0.0;
        }
        return xs;
    }

    static List<DriftState> feed(ConceptDriftDetector detector, double[] xs, int from, int to) {
        List<DriftState> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(detector.update(xs[i]));
        }
        return out;
    }

    @Test
    void staysQuietOnStationaryBernoulliStream() {
        ConceptDriftDetector detector = create();
        long alarms = feed(detector, bernoulli(42, 50_000, 50_000, 0.1, 0.1), 0, 50_000).stream()
                .filter(s -> s == DriftState.DRIFT).count();
        assertThat(alarms).isLessThanOrEqualTo(maxStationaryAlarms());
    }

    @Test
    void detectsJumpInErrorRateWithinBound() {
        for (long seed = 1; seed <= 5; seed++) {
            ConceptDriftDetector detector = create();
            double[] xs = bernoulli(seed, 6_000, 2_000, 0.1, 0.5);
            feed(detector, xs, 0, 2_000);
            List<DriftState> after = feed(detector, xs, 2_000, 6_000);
            assertThat(after.indexOf(DriftState.DRIFT)).as("delay with seed %d", seed)
                    .isBetween(0, maxJumpDelay());
        }
    }

    @Test
    void startsWithNoDriftAndReportsLatestAnswer() {
        ConceptDriftDetector detector = create();
        assertThat(detector.state()).isEqualTo(DriftState.NONE);
        double[] xs = bernoulli(3, 3_000, 1_000, 0.1, 0.6);
        for (double x : xs) {
            DriftState answer = detector.update(x);
            assertThat(detector.state()).isSameAs(answer);
        }
    }

    @Test
    void rejectsNonFiniteInputNamingTheValue() {
        ConceptDriftDetector detector = create();
        assertThatThrownBy(() -> detector.update(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> detector.update(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }

    @Test
    void resetForgetsEveryObservation() {
        ConceptDriftDetector detector = create();
        DetectorState fresh = detector.snapshot();
        feed(detector, bernoulli(5, 5_000, 2_500, 0.1, 0.5), 0, 5_000);
        assertThat(detector.snapshot()).isNotEqualTo(fresh);
        detector.reset();
        assertThat(detector.snapshot()).isEqualTo(fresh);
        assertThat(detector.state()).isEqualTo(DriftState.NONE);
    }

    @Test
    void restoredDetectorAnswersExactlyLikeTheOriginal() {
        double[] xs = new double[40_000];
        double[] rates = {0.1, 0.4, 0.05, 0.3, 0.2};
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextDouble() < rates[i / 8_000] ? 1.0 : 0.0;
        }
        for (int cut : new int[] {0, 29, 7_777, 8_050, 20_001}) {
            ConceptDriftDetector original = create();
            feed(original, xs, 0, cut);
            DetectorState saved = original.snapshot();
            // A copy through a plain map stands in for a serialised form.
            DetectorState reread = DetectorState.of(saved.detector(), DriftState.valueOf(saved.state().name()), new HashMap<>(saved.values()));
            ConceptDriftDetector restored = ConceptDriftDetectors.restore(reread);
            assertThat(restored.name()).isEqualTo(original.name());
            assertThat(restored.state()).isEqualTo(original.state());
            assertThat(feed(restored, xs, cut, xs.length)).as("answers after cut %d", cut)
                    .isEqualTo(feed(original, xs, cut, xs.length));
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        }
    }

    @Test
    void snapshotIsNamedAfterTheDetectorAndImmutable() {
        ConceptDriftDetector detector = create();
        DetectorState state = detector.snapshot();
        assertThat(state.detector()).isEqualTo(detector.name());
        assertThatThrownBy(() -> state.values().put("n", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
