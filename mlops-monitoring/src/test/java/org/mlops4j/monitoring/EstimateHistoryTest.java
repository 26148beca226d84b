package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.estimate.IsotonicCalibrator;
import org.mlops4j.monitoring.estimate.MulticlassCalibrator;

/** Attribution of late labels to estimated windows, the score buffer's bound and the realised figures. */
class EstimateHistoryTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Identity calibration on [0, 1]: the scores are the probabilities. */
    static final IsotonicCalibrator IDENTITY = IsotonicCalibrator.fit(new double[] {0, 1}, new int[] {0, 1});
    static final ToDoubleFunction<Object> SCORE = o -> (Double) o;

    final Estimator binary = Estimator.binary(SCORE, "1", 0.5, IDENTITY, 3.0, 100);
    final EstimateHistory history = new EstimateHistory(binary);

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A window of rows with the given scores. */
    ScoreBuffer.WindowScores rows(double... scores) {
        ScoreBuffer b = new ScoreBuffer(binary, 1_000, 1);
        for (double s : scores) {
            b.add(s, null);
        }
        return b.take();
    }

    EstimatedWindow close(long window, long start, long end, double... scores) {
        return history.close("api", "champion", "fraud/1", window, t(start), t(end), rows(scores)).orElseThrow();
    }

    boolean label(long second, double score, String truth) {
        return history.label("api", "champion", "fraud/1", t(second), score, null, truth);
    }

    EstimatedWindow window(long n) {
        return history.windows().stream().filter(w -> w.window() == n).findFirst().orElseThrow();
    }

    @Test
    void aLateLabelCountsInTheWindowItsPredictionWasMadeIn() {
        close(1, 0, 9, 0.9, 0.8, 0.2, 0.1);
        close(2, 10, 19, 0.9, 0.2);
        assertThat(label(5, 0.9, "1")).isTrue();
        assertThat(label(9, 0.2, "1")).isTrue();
        assertThat(label(15, 0.9, "0")).isTrue();
        RealisedPerformance first = window(1).realised();
        assertThat(first.labelled()).isEqualTo(2);
        assertThat(first.coverage()).isEqualTo(0.5);
        assertThat(first.accuracy()).isEqualTo(0.5);
        assertThat(first.precision()).isEqualTo(1.0);
        assertThat(first.recall()).isEqualTo(0.5);
        assertThat(first.f1()).isCloseTo(2.0 / 3, within(1e-12));
        RealisedPerformance second = window(2).realised();
        assertThat(second.labelled()).isEqualTo(1);
        assertThat(second.accuracy()).isZero();
        assertThat(second.precision()).isZero();
        assertThat(second.recall()).isNaN();
    }

    @Test
    void aLabelArrivingBeforeItsWindowClosesWaitsForIt() {
        assertThat(label(3, 0.9, "1")).isTrue();
        assertThat(label(12, 0.1, "0")).isTrue();
        assertThat(history.pending()).isEqualTo(2);
        EstimatedWindow first = close(1, 0, 9, 0.9, 0.1);
        assertThat(first.realised().labelled()).isEqualTo(1);
        assertThat(history.pending()).isEqualTo(1);
        EstimatedWindow second = close(2, 10, 19, 0.1);
        assertThat(second.realised().labelled()).isEqualTo(1);
        assertThat(second.realised().accuracy()).isEqualTo(1.0);
        assertThat(history.pending()).isZero();
        assertThat(history.unattributed()).isZero();
    }

    @Test
    void anInstantTwoWindowsShareGoesToTheNewer() {
        close(1, 0, 10, 0.9);
        close(2, 10, 20, 0.9);
        label(10, 0.9, "1");
        assertThat(window(1).realised().labelled()).isZero();
        assertThat(window(2).realised().labelled()).isEqualTo(1);
        label(0, 0.9, "1");
        label(20, 0.9, "1");
        assertThat(window(1).realised().labelled()).isEqualTo(1);
        assertThat(window(2).realised().labelled()).isEqualTo(2);
    }

    @Test
    void aTimestampBetweenTwoWindowsCountsInTheEarlier() {
        close(1, 0, 9, 0.9);
        close(2, 20, 29, 0.9);
        assertThat(label(15, 0.9, "1")).isTrue();
        assertThat(window(1).realised().labelled()).isEqualTo(1);
        assertThat(window(2).realised().labelled()).isZero();
        assertThat(history.pending()).isZero();
        // Waiting after the newest end, then the next window starts later: the interval is the earlier window's.
        assertThat(label(31, 0.9, "1")).isTrue();
        assertThat(history.pending()).isEqualTo(1);
        close(3, 40, 49, 0.9);
        assertThat(history.pending()).isZero();
        assertThat(window(2).realised().labelled()).isEqualTo(1);
        assertThat(window(3).realised().labelled()).isZero();
        assertThat(history.unattributed()).isZero();
    }

    @Test
    void aWindowClosedWithoutAnEstimateLeavesNoLabelWaiting() {
        history.register("api", "champion", "fraud/1", 1, t(0), t(9));
        // Counted from the close on, before the estimate.
        assertThat(label(5, 0.9, "1")).isTrue();
        assertThat(history.pending()).isZero();
        assertThat(history.close("api", "champion", "fraud/1", 1, t(0), t(9), ScoreBuffer.WindowScores.NONE))
                .isEmpty();
        assertThat(history.unattributed()).isEqualTo(1);
        assertThat(label(6, 0.9, "1")).isFalse();
        assertThat(history.unattributed()).isEqualTo(2);
        // Its analysis failed: the same.
        history.register("api", "champion", "fraud/1", 2, t(10), t(19));
        assertThat(label(12, 0.9, "1")).isTrue();
        history.unestimated("api", "champion", "fraud/1", 2, t(10), t(19));
        history.unestimated("api", "champion", "fraud/1", 2, t(10), t(19));
        assertThat(history.unattributed()).isEqualTo(3);
        assertThat(label(13, 0.9, "1")).isFalse();
        assertThat(history.unattributed()).isEqualTo(4);
        assertThat(history.windows()).isEmpty();
        assertThat(history.pending()).isZero();
        // The next window estimated still takes its own.
        close(3, 20, 29, 0.9);
        assertThat(label(25, 0.9, "1")).isTrue();
        assertThat(window(3).realised().labelled()).isEqualTo(1);
    }

    @Test
    void waitingLabelsResolveInTimeOrderWhenTheirWindowCloses() {
        // Arrival order is not time order; each close takes the waiting labels up to its end, the rest wait.
        for (long s : new long[] {27, 3, 15, 40, 9, 10}) {
            assertThat(label(s, 0.9, "1")).isTrue();
        }
        assertThat(close(1, 0, 9, 0.9).realised().labelled()).isEqualTo(2);
        assertThat(history.pending()).isEqualTo(4);
        assertThat(close(2, 10, 29, 0.9).realised().labelled()).isEqualTo(3);
        assertThat(history.pending()).isEqualTo(1);
        assertThat(close(3, 41, 50, 0.9).realised().labelled()).isZero();
        assertThat(window(2).realised().labelled()).isEqualTo(4);
        assertThat(history.pending()).isZero();
    }

    @Test
    void windowsAnalysedOutOfOrderStillTakeTheirOwnLabels() {
        label(5, 0.9, "1");
        label(15, 0.9, "0");
        // Registered as they close, estimated as a pool of analysis threads finishes them.
        history.register("api", "champion", "fraud/1", 1, t(0), t(9));
        history.register("api", "champion", "fraud/1", 2, t(10), t(19));
        label(6, 0.9, "1");
        assertThat(history.windows()).isEmpty();
        assertThat(history.windows("api", "champion", "fraud/1")).isEmpty();
        // Registering again (a second report of the same close) keeps the one window and its labels.
        history.register("api", "champion", "fraud/1", 1, t(0), t(9));
        close(2, 10, 19, 0.9);
        close(1, 0, 9, 0.9);
        close(3, 20, 29, 0.9);
        label(25, 0.9, "1");
        assertThat(history.windows()).extracting(EstimatedWindow::window).containsExactly(1L, 2L, 3L);
        assertThat(window(1).realised().labelled()).isEqualTo(2);
        assertThat(window(1).realised().accuracy()).isEqualTo(1.0);
        assertThat(window(2).realised().labelled()).isEqualTo(1);
        assertThat(window(2).realised().accuracy()).isZero();
        assertThat(window(3).realised().labelled()).isEqualTo(1);
    }

    @Test
    void aLabelForAnEvictedWindowIsCountedUnattributed() {
        for (int w = 0; w < EstimateHistory.WINDOWS_PER_KEY + 1; w++) {
            close(w + 1, 10L * w, 10L * w + 9, 0.9);
        }
        assertThat(history.windows()).hasSize(EstimateHistory.WINDOWS_PER_KEY);
        assertThat(history.windows().get(0).window()).isEqualTo(2);
        assertThat(label(5, 0.9, "1")).isFalse();
        assertThat(history.unattributed()).isEqualTo(1);
        assertThat(history.pending()).isZero();
        assertThat(label(15, 0.9, "1")).isTrue();
        assertThat(window(2).realised().labelled()).isEqualTo(1);        // After the newest window's end: it waits for the next window, though the history is full.
        assertThat(label(2_000, 0.9, "1")).isTrue();
        assertThat(history.pending()).isEqualTo(1);
        assertThat(history.unattributed()).isEqualTo(1);
    }

    @Test
    void aTimestampBeforeTheOldestWindowIsUnattributedNotKeptWaiting() {
        close(2, 10, 19, 0.9);
        assertThat(label(5, 0.9, "1")).isFalse();
        assertThat(history.pending()).isZero();
        assertThat(history.unattributed()).isEqualTo(1);
    }

    @Test
    void waitingLabelsAreBounded() {
        for (int i = 0; i < EstimateHistory.PENDING_PER_KEY + 3; i++) {
            assertThat(label(100 + i, 0.9, "1")).isEqualTo(i < EstimateHistory.PENDING_PER_KEY);
        }
        assertThat(history.pending()).isEqualTo(EstimateHistory.PENDING_PER_KEY);
        assertThat(history.unattributed()).isEqualTo(3);
        // The labels beyond the bound were dropped as they came: the first seconds' are kept.
        assertThat(close(1, 100, 102, 0.9).realised().labelled()).isEqualTo(3);
        assertThat(close(2, 10_100, 10_105, 0.9).realised().labelled()).isZero();
        assertThat(history.pending()).isZero();
    }

    @Test
    void anUnreadableAnswerOrUnknownClassIsUnattributed() {
        close(1, 0, 9, 0.9);
        assertThat(label(5, 1.5, "1")).isFalse();
        assertThat(history.label("api", "champion", "fraud/1", t(5), "not a number", null, "1")).isFalse();
        assertThat(history.unattributed()).isEqualTo(2);
        Estimator three = Estimator.multiclass(o -> (double[]) o, calibrator(), 3.0, 100);
        EstimateHistory multi = new EstimateHistory(three);
        assertThat(multi.label("api", "v", "m/1", t(1), new double[] {0.2, 0.3, 0.5}, "c", "z")).isFalse();
        assertThat(multi.label("api", "v", "m/1", t(1), new double[] {0.2, 0.3, 0.5}, "z", "a")).isFalse();
        assertThat(multi.unattributed()).isEqualTo(2);
    }

    @Test
    void keysKeepTheirOwnWindows() {
        close(1, 0, 9, 0.9);
        history.close("api", "canary", "fraud/2", 1, t(0), t(9), rows(0.1)).orElseThrow();
        history.label("api", "canary", "fraud/2", t(5), 0.1, null, "0");
        assertThat(window(1).realised().labelled()).isZero();
        assertThat(history.windows()).filteredOn(w -> w.variant().equals("canary")).singleElement()
                .satisfies(w -> assertThat(w.realised().accuracy()).isEqualTo(1.0));
    }

    @Test
    void aWindowWithoutRowsIsNotEstimated() {
        assertThat(history.close("api", "champion", "fraud/1", 1, t(0), t(1), ScoreBuffer.WindowScores.NONE))
                .isEmpty();
        assertThat(history.windows()).isEmpty();
    }

    static MulticlassCalibrator calibrator() {
        double[][] scores = new double[30][];
        String[] labels = new String[30];
        for (int i = 0; i < 30; i++) {
            int c = i % 3;
            scores[i] = new double[] {c == 0 ? 0.8 : 0.1, c == 1 ? 0.8 : 0.1, c == 2 ? 0.8 : 0.1};
            labels[i] = new String[] {"a", "b", "c"}[i % 5 == 0 ? (c + 1) % 3 : c];
        }
        return MulticlassCalibrator.fit(List.of("a", "b", "c"), scores, labels);
    }

    @Test
    void multiclassRealisedFiguresAreMacroAverages() {
        // truth x predicted: a->a 2, a->b 1, b->b 1, c->c 1, c->a 1
        long[] confusion = {2, 1, 0, 0, 1, 0, 1, 0, 1};
        RealisedPerformance r = RealisedPerformance.of(confusion, 3, 12);
        assertThat(r.labelled()).isEqualTo(6);
        assertThat(r.coverage()).isEqualTo(0.5);
        assertThat(r.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        // precision a 2/3, b 1/2, c 1; recall a 2/3, b 1, c 1/2; F1 a 2/3, b 2/3, c 2/3
        assertThat(r.precision()).isCloseTo((2.0 / 3 + 0.5 + 1) / 3, within(1e-12));
        assertThat(r.recall()).isCloseTo((2.0 / 3 + 1 + 0.5) / 3, within(1e-12));
        assertThat(r.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.value(EstimatedMetric.ACCURACY)).isEqualTo(r.accuracy());
        assertThat(r.value(EstimatedMetric.PRECISION)).isEqualTo(r.precision());
        assertThat(r.value(EstimatedMetric.RECALL)).isEqualTo(r.recall());
        assertThat(r.value(EstimatedMetric.F1)).isEqualTo(r.f1());
        assertThat(r.value(EstimatedMetric.ROC_AUC)).isNaN();
        // A class never predicted has no precision: the macro average is NaN, as in the estimate.
        RealisedPerformance none = RealisedPerformance.of(new long[] {1, 0, 0, 0, 1, 0, 1, 0, 0}, 3, 0);
        assertThat(none.precision()).isNaN();
        assertThat(none.recall()).isCloseTo((1 + 1 + 0) / 3.0, within(1e-12));
        assertThat(none.coverage()).isNaN();
    }

    @Test
    void multiclassWindowsAreEstimatedFromTheirScoreRows() {
        Estimator three = Estimator.multiclass(o -> (double[]) o, calibrator(), 3.0, 100);
        ScoreBuffer b = new ScoreBuffer(three, 100, 1);
        assertThat(b.add(new double[] {0.8, 0.1, 0.1}, "a")).isTrue();
        assertThat(b.add(new double[] {0.1, 0.8, 0.1}, "b")).isTrue();
        assertThat(b.add(new double[] {0.1, 0.1}, "c")).isFalse();
        assertThat(b.add(new double[] {0.1, Double.NaN, 0.1}, "c")).isFalse();
        assertThat(b.add(new double[] {0.1, 0.1, 0.8}, "z")).isFalse();
        ScoreBuffer.WindowScores rows = b.take();
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.skipped()).isEqualTo(3);
        assertThat(rows.predicted()).startsWith(0, 1);
        assertThat(rows.scores()).startsWith(0.8, 0.1, 0.1, 0.1, 0.8, 0.1);
        EstimatedWindow w = new EstimateHistory(three).close("api", "v", "m/1", 1, t(0), t(1), rows).orElseThrow();
        assertThat(w.predictions()).isEqualTo(2);
        assertThat(w.estimate().rows()).isEqualTo(2);
        // Calibrated on reference rows where the top score's class is right 80% of the time.
        assertThat(w.value(EstimatedMetric.ACCURACY)).isBetween(0.5, 1.0);
    }

    @Test
    void theBufferKeepsAUniformReservoirBeyondItsBound() {
        ScoreBuffer b = new ScoreBuffer(binary, 100_000, 7);
        int below = 0;
        for (int i = 0; i < 10_000; i++) {
            b.add(i < 5_000 ? 0.25 : 0.75, null);
        }
        ScoreBuffer.WindowScores rows = b.take();
        assertThat(rows.rows()).isEqualTo(100);
        assertThat(rows.seen()).isEqualTo(10_000);
        for (int i = 0; i < rows.rows(); i++) {
            below += rows.scores()[i] < 0.5 ? 1 : 0;
            assertThat(rows.predicted()[i]).isEqualTo(rows.scores()[i] < 0.5 ? 0 : 1);
        }
        // Half the stream scored 0.25: a uniform sample of 100 holds 50 +- 15 (three binomial sd) of them.
        assertThat(below).isBetween(35, 65);
        // The buffer starts afresh.
        assertThat(b.take().rows()).isZero();
    }

    @Test
    void theBufferCountsAnswersItCannotRead() {
        ScoreBuffer b = new ScoreBuffer(binary, 10, 7);
        assertThat(b.add(0.6, null)).isTrue();
        assertThat(b.add(Double.NaN, null)).isFalse();
        assertThat(b.add(-0.1, null)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.add("text", null))
                .isInstanceOf(ClassCastException.class);
        assertThat(b.add(0.5, null)).isTrue();
        ScoreBuffer.WindowScores rows = b.take();
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.seen()).isEqualTo(2);
        assertThat(rows.skipped()).isEqualTo(3);
        // The threshold's tie predicts positive.
        assertThat(rows.predicted()).startsWith(1, 1);
        assertThat(ScoreBuffer.NONE.add(0.5, null)).isTrue();
        assertThat(ScoreBuffer.NONE.take()).isSameAs(ScoreBuffer.WindowScores.NONE);
    }

    @Test
    void theBufferGrowsPastItsFirstArrays() {
        Estimator wide = Estimator.binary(SCORE, "1", 0.5, IDENTITY, 3.0, 5_000);
        ScoreBuffer b = new ScoreBuffer(wide, 3_000, 7);
        for (int i = 0; i < 3_000; i++) {
            b.add(i / 3_000.0, null);
        }
        ScoreBuffer.WindowScores rows = b.take();
        assertThat(rows.rows()).isEqualTo(3_000);
        assertThat(rows.scores()[2_999]).isEqualTo(2_999 / 3_000.0);
        assertThat(rows.predicted()[1_499]).isZero();
        assertThat(rows.predicted()[1_500]).isEqualTo(1);
    }

    @Test
    void eachFigureAndItsBandBecomeSamples() {
        EstimatedWindow w = close(4, 0, 9, 0.9, 0.8, 0.3, 0.1);
        List<MetricSample> samples = EstimateHistory.samples(w);
        assertThat(samples).hasSize(15);
        assertThat(samples).extracting(MetricSample::metric).contains(MetricName.ESTIMATED_ACCURACY.key(),
                MetricName.ESTIMATED_ACCURACY_LOWER.key(), MetricName.ESTIMATED_ROC_AUC_UPPER.key(),
                MetricName.ESTIMATED_F1.key(), MetricName.ESTIMATED_PRECISION_LOWER.key(),
                MetricName.ESTIMATED_RECALL_UPPER.key());
        // Expected accuracy: (0.9 + 0.8 + 0.7 + 0.9) / 4.
        MetricSample accuracy = samples.get(0);
        assertThat(accuracy.metric()).isEqualTo("mlops.estimated.accuracy");
        assertThat(accuracy.value()).isCloseTo(0.825, within(1e-12));
        assertThat(accuracy.endpoint()).isEqualTo("api");
        assertThat(accuracy.model()).isEqualTo("fraud/1");
        assertThat(accuracy.timestamp()).isEqualTo(t(9));
        assertThat(accuracy.window()).isEqualTo("window 4 (4 predictions, estimated)");
        double se = Math.sqrt(0.09 + 0.16 + 0.21 + 0.09) / 4;
        assertThat(samples.get(1).value()).isCloseTo(0.825 - 3 * se, within(1e-12));
        assertThat(samples.get(2).value()).isCloseTo(Math.min(1, 0.825 + 3 * se), within(1e-12));
        for (EstimatedMetric m : EstimatedMetric.values()) {
            MetricName[] names = EstimateHistory.names(m);
            assertThat(names[0].key()).isEqualTo("mlops.estimated." + m.key());
            assertThat(names[1].key()).isEqualTo("mlops.estimated." + m.key() + ".lower");
            assertThat(names[2].key()).isEqualTo("mlops.estimated." + m.key() + ".upper");
        }
    }

    @Test
    void aWaitingLabelAfterAWindowsEndStaysWaiting() {
        label(15, 0.9, "1");
        assertThat(close(1, 0, 9, 0.9).realised().labelled()).isZero();
        assertThat(history.pending()).isEqualTo(1);
    }

    @Test
    void aWindowAnalysedLateGoesBetweenItsNeighbours() {
        close(1, 0, 9, 0.9);
        close(3, 20, 29, 0.9);
        close(2, 10, 19, 0.9);
        assertThat(history.windows()).extracting(EstimatedWindow::window).containsExactly(1L, 2L, 3L);
        label(15, 0.9, "1");
        assertThat(window(2).realised().labelled()).isEqualTo(1);
        assertThat(history.windows("api", "champion", "fraud/1")).extracting(EstimatedWindow::window)
                .containsExactly(1L, 2L, 3L);
        assertThat(history.windows("api", "champion", "fraud/9")).isEmpty();
    }

    @Test
    void binaryRealisedFiguresComeFromTheConfusionMatrix() {
        // truth x predicted, class 1 positive: TN 5, FP 2, FN 1, TP 4
        RealisedPerformance r = RealisedPerformance.of(new long[] {5, 2, 1, 4}, 2, 24);
        assertThat(r.labelled()).isEqualTo(12);
        assertThat(r.coverage()).isEqualTo(0.5);
        assertThat(r.accuracy()).isCloseTo(9.0 / 12, within(1e-12));
        assertThat(r.precision()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(r.recall()).isCloseTo(4.0 / 5, within(1e-12));
        assertThat(r.f1()).isCloseTo(8.0 / 11, within(1e-12));
        assertThat(new RealisedPerformance(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN).labelled())
                .isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RealisedPerformance(-1, 0, 0, 0, 0, 0))
                .hasMessage("labelled must not be negative but was -1");
    }

    @Test
    void anEstimatedWindowChecksItsComponents() {
        EstimatedWindow w = close(1, 0, 9, 0.9);
        assertThat(w.window()).isEqualTo(1);
        assertThat(w.predictions()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EstimatedWindow("a", "v", "m", 0, t(0), t(1), 1,
                w.estimate(), 3, w.realised(), 0)).hasMessage("window (0) and predictions (1) must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EstimatedWindow("a", "v", "m", 1, t(0), t(1), 0,
                w.estimate(), 3, w.realised(), 0)).hasMessage("window (1) and predictions (0) must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EstimatedWindow("a", "v", "m", 1, t(0), t(1), 1,
                w.estimate(), 0, w.realised(), 0)).hasMessage("band must be above 0 but was 0.0");
        assertThat(new EstimatedWindow("a", "v", "m", 1, t(0), t(1), 1, w.estimate(), 0.01, w.realised(), 0).band())
                .isEqualTo(0.01);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EstimatedWindow("a", "v", "m", 1, t(0), t(1), 1,
                w.estimate(), 3, w.realised(), -1)).hasMessage("unreadable must be at least 0 but was -1");
        // The window's skipped answers are its unreadable count.
        ScoreBuffer b = new ScoreBuffer(binary, 10, 7);
        b.add(0.6, null);
        b.add(Double.NaN, null);
        b.add(1.5, null);
        EstimatedWindow skipped = history.close("api", "champion", "fraud/1", 9, t(100), t(109), b.take()).orElseThrow();
        assertThat(skipped.unreadable()).isEqualTo(2);
        assertThat(skipped.predictions()).isEqualTo(1);
    }

    @Test
    void scoresAtTheEndsOfTheUnitIntervalAreRead() {
        ScoreBuffer b = new ScoreBuffer(binary, 10, 7);
        assertThat(b.add(0.0, null)).isTrue();
        assertThat(b.add(1.0, null)).isTrue();
        assertThat(b.add(1.0000001, null)).isFalse();
        assertThat(b.take().predicted()).startsWith(0, 1);
    }

    @Test
    void theReservoirSaysARowBeyondTheBoundWasRead() {
        ScoreBuffer b = new ScoreBuffer(binary, 1_000, 7);
        for (int i = 0; i < 100; i++) {
            b.add(0.5, null);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(b.add(0.25, null)).isTrue();
        }
        assertThat(b.take().seen()).isEqualTo(150);
    }

    @Test
    void aMulticlassBufferGrowsItsScoreRows() {
        Estimator three = Estimator.multiclass(o -> (double[]) o, calibrator(), 3.0, 1_000);
        ScoreBuffer b = new ScoreBuffer(three, 2, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(b.add(new double[] {i, i + 0.5, i + 0.25}, "c")).isTrue();
        }
        assertThat(b.add(new double[] {0.1, 0.2, 0.3}, null)).isFalse();
        assertThat(b.add(null, "a")).isFalse();
        ScoreBuffer.WindowScores rows = b.take();
        assertThat(rows.rows()).isEqualTo(5);
        assertThat(rows.scores()).startsWith(0, 0.5, 0.25, 1, 1.5, 1.25, 2, 2.5, 2.25, 3, 3.5, 3.25, 4, 4.5, 4.25);
        assertThat(rows.skipped()).isEqualTo(2);
    }

    @Test
    void labelsRacingWindowClosesEachEndInTheirOwnWindow() throws Exception {
        int windows = 50;
        int threads = 4;
        int perThread = 2_000;
        long[] expected = new long[windows + 1];
        long[][] times = new long[threads][perThread];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                times[t][i] = rnd.nextLong(10L * windows);
                expected[(int) (times[t][i] / 10) + 1]++;
            }
        }
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads + 1);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            done.add(pool.submit(() -> {
                start.await();
                for (int w = 0; w < windows; w++) {
                    close(w + 1, 10L * w, 10L * w + 9, 0.9);
                }
                return null;
            }));
            for (int t = 0; t < threads; t++) {
                long[] mine = times[t];
                done.add(pool.submit(() -> {
                    start.await();
                    for (long time : mine) {
                        label(time, 0.9, "1");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(history.pending()).isZero();
        assertThat(history.unattributed()).isZero();
        for (int w = 1; w <= windows; w++) {
            assertThat(window(w).realised().labelled()).as("window %d", w).isEqualTo(expected[w]);
        }
    }
}
