package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.estimate.EstimatedMetric;

/** The estimation's settings, their checks, and multiclass and binary estimation through a monitor. */
class PerformanceEstimationTest {

    static final double[] SCORES = {0.1, 0.4, 0.6, 0.9};
    static final String[] LABELS = {"no", "yes", "no", "yes"};

    @Test
    void badReferenceDataIsRefusedNamingTheFieldAndValue() {
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1, 0.2}, new String[] {"no", "no"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("referenceLabels must hold the positive label 'yes' and another one, but 0 of 2 rows are positive");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1, 0.2}, new String[] {"yes", "yes"}))
                .hasMessageContaining("but 2 of 2 rows are positive");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1, 1.2}, new String[] {"no", "yes"}))
                .hasMessage("referenceScores[1] must be in [0, 1] but was 1.2");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1, Double.NaN}, new String[] {"no", "yes"}))
                .hasMessage("referenceScores[1] must be in [0, 1] but was NaN");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1, 0.2, 0.3}, new String[] {"no", "yes"}))
                .hasMessage("referenceScores (3) and referenceLabels (2) must have the same length, at least 2");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1}, new String[] {"no"}))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {0.1, 0.2}, new String[] {"no", null}))
                .hasMessage("referenceLabels[1] must not be null");
        assertThatThrownBy(() -> PerformanceEstimation.binary(" ", SCORES, LABELS))
                .hasMessage("positiveLabel must not be blank but was ' '");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", null, LABELS))
                .hasMessage("referenceScores and referenceLabels must not be null");
    }

    @Test
    void settingsAreCheckedAndCopied() {
        PerformanceEstimation<Object> e = PerformanceEstimation.binary("yes", SCORES, LABELS);
        assertThat(e.threshold()).isEqualTo(0.5);
        assertThat(e.band()).isEqualTo(3.0);
        assertThat(e.maxRows()).isEqualTo(5_000);
        assertThat(e.classes()).containsExactly("yes");
        PerformanceEstimation<Object> tuned = e.withThreshold(0.7).withBand(2).withMaxRows(100);
        assertThat(tuned.threshold()).isEqualTo(0.7);
        assertThat(tuned.band()).isEqualTo(2.0);
        assertThat(tuned.maxRows()).isEqualTo(100);
        assertThat(e.threshold()).isEqualTo(0.5);
        assertThat(e.withThreshold(1.0).threshold()).isEqualTo(1.0);
        assertThat(e.withMaxRows(1_000_000).maxRows()).isEqualTo(1_000_000);
        assertThat(tuned.toString()).isEqualTo("PerformanceEstimation[binary, positive 'yes', threshold 0.7, band 2.0, 100 rows]");
        assertThatThrownBy(() -> e.withThreshold(0)).hasMessage("threshold must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> e.withThreshold(1.01)).hasMessage("threshold must be in (0, 1] but was 1.01");
        assertThatThrownBy(() -> e.withBand(0)).hasMessage("band must be finite and above 0 but was 0.0");
        assertThatThrownBy(() -> e.withBand(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> e.withMaxRows(99)).hasMessage("maxRows must be in [100, 1000000] but was 99");
        assertThatThrownBy(() -> e.withMaxRows(1_000_001)).hasMessageContaining("1000001");
    }

    static double[][] reference3(SplittableRandom rnd, int n, String[] labels) {
        double[][] s = new double[n][];
        for (int i = 0; i < n; i++) {
            int truth = rnd.nextInt(3);
            labels[i] = "abc".substring(truth, truth + 1);
            double[] row = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                row[c] = Math.exp((c == truth ? 1.5 : 0) + rnd.nextDouble() * 2);
                sum += row[c];
            }
            for (int c = 0; c < 3; c++) {
                row[c] /= sum;
            }
            s[i] = row;
        }
        return s;
    }

    @Test
    void multiclassReferenceIsChecked() {
        List<String> abc = List.of("a", "b", "c");
        double[][] ok = {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}};
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(List.of("a"), o -> null, ok, new String[] {"a", "a"}))
                .hasMessage("classes must be at least two distinct labels but were [a]");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(List.of("a", "a"), o -> null, ok, new String[] {"a", "a"}))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(abc, o -> null, ok, new String[] {"a"}))
                .hasMessage("referenceScores (2 rows) and referenceLabels (1) must have the same length, at least 2");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(abc, o -> null, new double[][] {{0.5, 0.5}, {0.2, 0.5, 0.3}},
                new String[] {"a", "b"})).hasMessage("referenceScores[0] must have 3 scores (one per class) but had 2");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(abc, o -> null, new double[][] {{0.5, 0.3, 0.2}, {0.2, Double.NaN, 0.3}},
                new String[] {"a", "b"})).hasMessage("referenceScores[1][1] must be finite but was NaN");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(abc, o -> null, ok, new String[] {"a", "d"}))
                .hasMessage("referenceLabels[1] must be one of [a, b, c] but was d");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(abc, o -> null, ok, new String[] {"a", "a"}))
                .hasMessage("referenceLabels must hold at least two classes but held only [a]");
        PerformanceEstimation<Object> m = PerformanceEstimation.multiclass(abc, o -> null, ok, new String[] {"a", "b"});
        assertThat(m.classes()).containsExactly("a", "b", "c");
        assertThat(m.threshold()).isNaN();
        assertThatThrownBy(() -> m.withThreshold(0.5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("withThreshold applies to a binary estimation, not a multiclass one");
        assertThatThrownBy(() -> m.withScore(o -> 0.5)).isInstanceOf(IllegalStateException.class);
        assertThat(m.withBand(2).toString()).isEqualTo("PerformanceEstimation[multiclass [a, b, c], band 2.0, 5000 rows]");
    }

    @Test
    void aRegressionMonitorCannotEstimate() {
        ModelMonitor.Builder<Double> b = ModelMonitor.builder(OutputReader.regressor((Double d) -> d))
                .estimatePerformance(PerformanceEstimation.binary("yes", SCORES, LABELS));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("estimatePerformance needs a classifier's monitor but the outputs are REGRESSION");
    }

    /** A multiclass answer: the label and a score per class. */
    record Answer(String label, double[] scores) {
    }

    @Test
    void aMulticlassMonitorEstimatesAndAttributesLabels() {
        SplittableRandom rnd = new SplittableRandom(3);
        String[] refLabels = new String[6_000];
        double[][] ref = reference3(rnd, 6_000, refLabels);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<EstimatedWindow> heard = new ArrayList<>();
        ModelRef model = new ModelRef("abc", 1);
        try (ModelMonitor<Answer> monitor = ModelMonitor.builder(OutputReader.classifier(Answer::label))
                .windowSize(1_000).clock(clock).sameThreadAnalysis()
                .estimatePerformance(PerformanceEstimation.<Answer>multiclass(List.of("a", "b", "c"), Answer::scores, ref,
                        refLabels))
                .listener(new MonitorListener() {
                    @Override
                    public void onEstimate(EstimatedWindow window) {
                        heard.add(window);
                    }
                }).build()) {
            List<FeedbackEvent<Object, Answer>> labels = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String[] truths = new String[1_000];
                double[][] rows = reference3(rnd, 1_000, truths);
                for (int i = 0; i < 1_000; i++) {
                    int top = 0;
                    for (int c = 1; c < 3; c++) {
                        top = rows[i][c] > rows[i][top] ? c : top;
                    }
                    clock.advance(Duration.ofMillis(10));
                    PredictionEvent<Object, Answer> e = PredictionEvent.success("q" + w + "-" + i, clock.now(), "abc-api",
                            "champion", model, (Object) i, new Answer("abc".substring(top, top + 1), rows[i]), Double.NaN,
                            1_000);
                    monitor.onPrediction(e);
                    labels.add(new FeedbackEvent<>(e, GroundTruth.label(truths[i]), clock.now()));
                }
            }
            assertThat(heard).hasSize(3);
            for (FeedbackEvent<Object, Answer> f : labels) {
                monitor.onFeedback(f);
            }
            List<EstimatedWindow> estimates = monitor.recentEstimates();
            assertThat(estimates).hasSize(3);
            for (EstimatedWindow e : estimates) {
                assertThat(e.realised().labelled()).isEqualTo(1_000);
                assertThat(e.predictions()).isEqualTo(1_000);
                // Three standard errors of a 1,000-row accuracy near 0.6 are about 0.046.
                assertThat(Math.abs(e.value(EstimatedMetric.ACCURACY) - e.realised().accuracy())).isLessThan(0.046);
                assertThat(Math.abs(e.value(EstimatedMetric.F1) - e.realised().f1())).isLessThan(0.06);
            }
        }
    }

    @Test
    void edgeValuesOfTheReferenceAreAcceptedAndNullsRefused() {
        assertThat(PerformanceEstimation.binary("yes", new double[] {0.0, 1.0}, new String[] {"no", "yes"}).classes())
                .containsExactly("yes");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", new double[] {-0.01, 0.5}, new String[] {"no", "yes"}))
                .hasMessage("referenceScores[0] must be in [0, 1] but was -0.01");
        assertThatThrownBy(() -> PerformanceEstimation.binary("yes", SCORES, null))
                .hasMessage("referenceScores and referenceLabels must not be null");
        assertThatThrownBy(() -> PerformanceEstimation.binary(null, SCORES, LABELS))
                .hasMessage("positiveLabel must not be blank but was 'null'");
        List<String> ab = List.of("a", "b");
        assertThat(PerformanceEstimation.multiclass(ab, o -> null, new double[][] {{0.6, 0.4}, {0.3, 0.7}},
                new String[] {"a", "b"}).classes()).containsExactly("a", "b");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(ab, o -> null, null, new String[] {"a"}))
                .hasMessage("referenceScores and referenceLabels must not be null");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(ab, o -> null, new double[][] {{0.6, 0.4}}, null))
                .hasMessage("referenceScores and referenceLabels must not be null");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(ab, o -> null, new double[][] {{0.6, 0.4}},
                new String[] {"a"})).hasMessage("referenceScores (1 rows) and referenceLabels (1) must have the same length, at least 2");
        assertThatThrownBy(() -> PerformanceEstimation.multiclass(ab, o -> null, new double[][] {{0.6, 0.4}, null},
                new String[] {"a", "b"})).hasMessage("referenceScores[1] must have 2 scores (one per class) but had null");
    }

    @Test
    void theScoreFunctionReplacesTheConfidence() {
        OutputReader<Answer> reader = OutputReader.classifier(Answer::label).withConfidence(a -> 0.8);
        PerformanceEstimation<Answer> byDefault = PerformanceEstimation.binary("yes", SCORES, LABELS);
        double[] row = new double[1];
        Answer no = new Answer("no", new double[] {0.3});
        assertThat(byDefault.bind(reader).read(no, "no", row)).isZero();
        assertThat(row[0]).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        Estimator own = byDefault.withScore(a -> a.scores()[0]).bind(reader);
        assertThat(own.read(no, "no", row)).isZero();
        assertThat(row[0]).isEqualTo(0.3);
        assertThat(own.read(new Answer("no", new double[] {0.6}), "no", row)).isEqualTo(1);
        assertThat(byDefault.withScore(a -> 0.6).withThreshold(0.7).bind(reader).read(no, "no", row)).isZero();
    }

    @Test
    void theDefaultScoreUsesTheLabelTheMonitorAlreadyRead() {
        java.util.concurrent.atomic.AtomicInteger labelReads = new java.util.concurrent.atomic.AtomicInteger();
        OutputReader<Answer> reader = OutputReader.<Answer>classifier(a -> {
            labelReads.incrementAndGet();
            return a.label();
        }).withConfidence(a -> 0.8);
        Estimator estimator = PerformanceEstimation.binary("yes", SCORES, LABELS).bind(reader);
        double[] row = new double[1];
        // The answer says "no" but the monitor read "yes": the passed label decides, label() is not called again.
        assertThat(estimator.read(new Answer("no", new double[] {0.3}), "yes", row)).isEqualTo(1);
        assertThat(row[0]).isEqualTo(0.8);
        assertThat(estimator.read(new Answer("yes", new double[] {0.3}), "no", row)).isZero();
        assertThat(row[0]).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(labelReads).hasValue(0);
        // No label read: the scores are unreadable rather than guessed.
        assertThat(estimator.read(new Answer("yes", new double[] {0.3}), null, row)).isEqualTo(Estimator.UNREADABLE);
    }
}
