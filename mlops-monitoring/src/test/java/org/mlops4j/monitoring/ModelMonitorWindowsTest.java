package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;

/**
 * Time windows, output distribution and its drift, unseen categories, timeouts, regression
 * feedback and the analysis executor of {@link ModelMonitor}.
 */
class ModelMonitorWindowsTest {

    private static final Instant T0 = Instant.parse("2025-08-01T00:00:00Z");
    private static final ModelRef MODEL = new ModelRef("demand", 3);
    private static final Schema SCHEMA = Schema.of(Feature.numeric("price").withRange(0, 100),
            Feature.categorical("store", Set.of("north", "south")).optional());

    private final ManualClock clock = new ManualClock(T0);
    private long ids;

    private PredictionEvent<Map<String, Object>, Object> success(Instant at, Map<String, Object> input, Object out,
                                                                 double confidence) {
        return PredictionEvent.success("p" + ids++, at, "shop", "main", MODEL, input, out, confidence, 2_000_000);
    }

    private static Map<String, Object> row(double price, String store) {
        Map<String, Object> r = new HashMap<>();
        r.put("price", price);
        if (store != null) {
            r.put("store", store);
        }
        return r;
    }

    @Test
    void timeWindowsCloseOnTheFirstEventOfTheNextEpochAlignedSlot() {
        ModelMonitor<Object> monitor = ModelMonitor.builder().schema(SCHEMA).windowSize(1_000_000)
                .windowDuration(Duration.ofMinutes(1)).clock(clock).sameThreadAnalysis().build();
        Instant start = T0.plusSeconds(30);
        for (int i = 0; i < 90; i++) {
            monitor.onPrediction(success(start.plusSeconds(i), row(10, "north"), "yes", 0.9));
        }
        // Events at 00:30..01:59: the slot [00:00, 01:00) closed when 01:00 arrived.
        List<WindowMetrics> windows = monitor.recentWindows();
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).start()).isEqualTo(T0);
        assertThat(windows.get(0).end()).isEqualTo(T0.plusSeconds(60));
        assertThat(windows.get(0).predictions()).isEqualTo(30);
        assertThat(windows.get(0).throughputPerSecond()).isCloseTo(0.5, within(1e-12));

        clock.advance(Duration.ofSeconds(119));
        monitor.closeExpiredWindows();
        assertThat(monitor.recentWindows()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        monitor.closeExpiredWindows();
        assertThat(monitor.recentWindows()).hasSize(2);
        assertThat(monitor.recentWindows().get(1).predictions()).isEqualTo(60);
        assertThat(monitor.recentWindows().get(1).end()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aLateEventDoesNotReopenAClosedSlotAndWindowsNeverOverlap() {
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(1_000_000).windowDuration(Duration.ofMinutes(5))
                .clock(clock).sameThreadAnalysis().build();
        for (int i = 0; i < 10; i++) {
            monitor.onPrediction(success(T0.plusSeconds(30 * i), row(1, "north"), "yes", 0.9));
        }
        clock.advance(Duration.ofMinutes(5));
        monitor.closeExpiredWindows();
        // Stamped 00:04:59, delivered after the slot [00:00, 00:05) closed.
        monitor.onPrediction(success(T0.plusSeconds(299), row(1, "north"), "yes", 0.9));
        monitor.onPrediction(success(T0.plusSeconds(320), row(1, "north"), "yes", 0.9));
        clock.advance(Duration.ofMinutes(5));
        monitor.closeExpiredWindows();
        List<WindowMetrics> windows = monitor.recentWindows();
        assertThat(windows).extracting(WindowMetrics::predictions).containsExactly(10L, 2L);
        assertThat(windows.get(1).start()).isEqualTo(T0.plusSeconds(300));
        assertThat(windows.get(1).end()).isEqualTo(T0.plusSeconds(600));
        assertThat(windows.get(0).end()).isEqualTo(windows.get(1).start());
    }

    @Test
    void countStillClosesATimeWindowEarly() {
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(10).windowDuration(Duration.ofHours(1)).sameThreadAnalysis().build();
        for (int i = 0; i < 25; i++) {
            monitor.onPrediction(success(T0.plusSeconds(i), row(1, "north"), "yes", 0.9));
        }
        assertThat(monitor.recentWindows()).extracting(WindowMetrics::predictions).containsExactly(10L, 10L);
        monitor.flush();
        assertThat(monitor.recentWindows()).extracting(WindowMetrics::predictions).containsExactly(10L, 10L, 5L);
        monitor.flush();
        assertThat(monitor.recentWindows()).hasSize(3);
    }

    @Test
    void unseenCategoriesAreCountedApartFromOutOfRangeAndMissingCountsOptionalFeatures() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ModelMonitor<Object> monitor = ModelMonitor.builder().schema(SCHEMA).windowSize(100)
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.unseenCategoryFraction(0.1)), List.of(sink)))
                .sameThreadAnalysis().build();
        for (int i = 0; i < 100; i++) {
            String store = i % 5 == 0 ? "east" : i % 5 == 1 ? null : "north";
            double price = i % 10 == 2 ? 250 : 20;
            monitor.onPrediction(success(T0.plusSeconds(i), row(price, store), "yes", 0.9));
        }
        WindowMetrics w = monitor.recentWindows().get(0);
        assertThat(w.unseenCategoryRatio()).containsExactly(Map.entry("store", 0.2));
        assertThat(w.outOfRangeRatio()).containsEntry("price", 0.1).containsEntry("store", 0.0);
        assertThat(w.missingRatio()).containsEntry("store", 0.2).containsEntry("price", 0.0);
        assertThat(sink.alerts()).extracting(a -> a.rule()).containsExactly("unseen-category-fraction");
    }

    @Test
    void timeoutsAreErrorsAndCountedOnTheirOwn() {
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(20).sameThreadAnalysis().build();
        for (int i = 0; i < 20; i++) {
            RuntimeException error = i < 3 ? new IllegalStateException("wrapped",
                    new PredictionTimeoutException("variant 'main'", Duration.ofMillis(50)))
                    : i < 5 ? new IllegalStateException("model broke") : null;
            monitor.onPrediction(error == null ? success(T0, row(1, "north"), "yes", 0.9)
                    : PredictionEvent.failure("f" + i, T0, "shop", "main", MODEL, row(1, "north"), 50_000_000, error));
        }
        WindowMetrics w = monitor.recentWindows().get(0);
        assertThat(w.errorRatio()).isEqualTo(0.25);
        assertThat(w.timeoutRatio()).isEqualTo(0.15);
    }

    @Test
    void confidenceDistributionIsReportedAsQuantiles() {
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(101).confidenceThreshold(0.3).sameThreadAnalysis().build();
        for (int i = 0; i <= 100; i++) {
            monitor.onPrediction(success(T0, row(1, "north"), "yes", i / 100.0));
        }
        WindowMetrics w = monitor.recentWindows().get(0);
        // Exact below the KLL sketch's compaction size: the values 0.00..1.00.
        assertThat(w.confidenceP50()).isCloseTo(0.50, within(0.011));
        assertThat(w.confidenceP10()).isCloseTo(0.10, within(0.011));
        assertThat(w.lowConfidenceRatio()).isCloseTo(30 / 101.0, within(1e-12));
    }

    @Test
    void classifierPredictionDistributionDriftFiresItsAlert() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(500)
                .referencePredictions(Map.of("fraud", 100L, "legit", 900L))
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.predictionDriftDetected()), List.of(sink)))
                .sameThreadAnalysis().build();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            monitor.onPrediction(success(T0, row(1, "north"), rnd.nextDouble() < 0.1 ? "fraud" : "legit", 0.9));
        }
        assertThat(sink.alerts()).isEmpty();
        WindowMetrics first = monitor.recentWindows().get(0);
        assertThat(first.predictionDrift()).hasValueSatisfying(d -> assertThat(d.drifted()).isFalse());
        for (int i = 0; i < 500; i++) {
            monitor.onPrediction(success(T0, row(1, "north"), rnd.nextDouble() < 0.3 ? "fraud" : "legit", 0.9));
        }
        WindowMetrics second = monitor.recentWindows().get(1);
        assertThat(second.predictionShares().get("fraud")).isBetween(0.25, 0.35);
        assertThat(second.predictionDrift()).hasValueSatisfying(d -> {
            assertThat(d.drifted()).isTrue();
            assertThat(d.method()).isEqualTo("z");
        });
        assertThat(sink.alerts()).extracting(a -> a.rule()).containsExactly("prediction-drift");
    }

    @Test
    void regressionOutputsGiveQuantilesDriftRmseAndMae() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        SplittableRandom rnd = new SplittableRandom(3);
        double[] reference = new double[800];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = 50 + 10 * (rnd.nextDouble() - 0.5);
        }
        ModelMonitor<Object> monitor = ModelMonitor.builder(OutputReader.regressor((Object o) -> ((Number) o).doubleValue()))
                .windowSize(100).referenceOutputs(reference).clock(clock)
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.rmseAbove(2.0), AlertRule.predictionDriftDetected()),
                        List.of(sink)))
                .sameThreadAnalysis().build();
        FeedbackJoin<Object, Object> feedback = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        feedback.addListener(monitor);
        for (int i = 0; i < 100; i++) {
            double predicted = 45 + i / 10.0;  // 45.0 .. 54.9
            PredictionEvent<Map<String, Object>, Object> e = success(T0, row(1, "north"), predicted, 1.0);
            monitor.onPrediction(e);
            feedback.onPrediction(e);
            assertThat(feedback.record(e.predictionId(), GroundTruth.value(predicted + (i % 2 == 0 ? 1.5 : -1.5))))
                    .isTrue();
        }
        WindowMetrics w = monitor.recentWindows().get(0);
        assertThat(w.outputQuantiles().get("p50")).isCloseTo(49.95, within(1e-9));
        assertThat(w.outputQuantiles().get("p05")).isCloseTo(45.495, within(1e-9));
        assertThat(w.outputQuantiles().get("p95")).isCloseTo(54.405, within(1e-9));
        assertThat(w.predictionShares()).as("regression answers have no label shares").isEmpty();
        assertThat(w.predictionDrift()).hasValueSatisfying(d -> assertThat(d.drifted()).isFalse());
        assertThat(sink.alerts()).isEmpty();

        for (int i = 0; i < 100; i++) {
            double predicted = 70 + i / 10.0;
            PredictionEvent<Map<String, Object>, Object> e = success(T0, row(1, "north"), predicted, 1.0);
            monitor.onPrediction(e);
            feedback.onPrediction(e);
            feedback.record(e.predictionId(), GroundTruth.value(predicted + (i % 2 == 0 ? 3.0 : -3.0)));
        }
        assertThat(monitor.recentWindows().get(1).predictionDrift())
                .hasValueSatisfying(d -> assertThat(d.drifted()).isTrue());
        assertThat(sink.alerts()).extracting(a -> a.rule() + "=" + a.value())
                .containsExactlyInAnyOrder("rmse=3.0", "prediction-drift=1.0");
        // Values are not labels: a rollout's figures count none of these answers as right or wrong.
        PredictionEvent<Map<String, Object>, Object> any = success(T0, row(1, "north"), 1.0, 1.0);
        org.mlops4j.core.signal.VariantFigures f = monitor.figures(any.endpoint(), any.variant(), any.model())
                .orElseThrow();
        assertThat(f.requests()).isEqualTo(200);
        assertThat(f.labelled()).isZero();
        assertThat(f.correct()).isZero();
    }

    @Test
    void labelCardinalityIsBoundedPerWindow() {
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(1_000).sameThreadAnalysis().build();
        for (int i = 0; i < 1_000; i++) {
            monitor.onPrediction(success(T0, row(1, "north"), "answer-" + i, 0.9));
        }
        Map<String, Double> shares = monitor.recentWindows().get(0).predictionShares();
        assertThat(shares).hasSize(VariantWindow.MAX_LABELS + 1);
        assertThat(shares.get(VariantWindow.OTHER_LABEL)).isCloseTo((1_000 - 256) / 1_000.0, within(1e-12));
    }

    @Test
    void regressionAnswersWithoutAValueAreCountedNotJudged() {
        ModelMonitor<Object> monitor = ModelMonitor.builder(OutputReader.regressor((Object o) -> ((Number) o).doubleValue()))
                .windowSize(10).sameThreadAnalysis().build();
        FeedbackJoin<Object, Object> feedback = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        feedback.addListener(monitor);
        PredictionEvent<Map<String, Object>, Object> e = success(T0, row(1, "north"), "not a number", 1.0);
        monitor.onPrediction(e);
        feedback.onPrediction(e);
        assertThat(feedback.record(e.predictionId(), GroundTruth.value(12.0))).isTrue();
        assertThat(monitor.functionFailures()).isEqualTo(2);
        assertThat(monitor.feedbackMetrics()).isEmpty();
    }

    @Test
    void analysisRunsOnTheGivenExecutorAndRejectedWindowsAreCounted() {
        Queue<Runnable> queued = new ArrayDeque<>();
        boolean[] reject = {false};
        Executor executor = task -> {
            if (reject[0]) {
                throw new RejectedExecutionException("full");
            }
            queued.add(task);
        };
        ModelMonitor<Object> monitor = ModelMonitor.builder().windowSize(10).analysisExecutor(executor).build();
        for (int i = 0; i < 10; i++) {
            monitor.onPrediction(success(T0, row(1, "north"), "yes", 0.9));
        }
        assertThat(monitor.recentWindows()).isEmpty();
        assertThat(queued).hasSize(1);
        queued.poll().run();
        assertThat(monitor.recentWindows()).hasSize(1);

        reject[0] = true;
        for (int i = 0; i < 10; i++) {
            monitor.onPrediction(success(T0, row(1, "north"), "yes", 0.9));
        }
        assertThat(monitor.droppedWindows()).isEqualTo(1);
        assertThat(monitor.recentWindows()).hasSize(1);
    }

    @Test
    void inputDriftIsTheSameBeyondTheExactCutoff() {
        // 6,000 rows per window: the first 5,000 are kept as values, then moved into sketches.
        SplittableRandom rnd = new SplittableRandom(9);
        java.util.List<Map<String, Object>> reference = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            reference.add(row(50 + 10 * rnd.nextDouble(), "north"));
        }
        ModelMonitor<Object> monitor = ModelMonitor.builder()
                .reference(org.mlops4j.monitoring.profile.ReferenceProfile.of(SCHEMA, reference))
                .windowSize(6_000).sameThreadAnalysis().build();
        for (int i = 0; i < 6_000; i++) {
            monitor.onPrediction(success(T0, row(50 + 10 * rnd.nextDouble(), "north"), "yes", 0.9));
        }
        for (int i = 0; i < 6_000; i++) {
            monitor.onPrediction(success(T0, row(58 + 10 * rnd.nextDouble(), "north"), "yes", 0.9));
        }
        List<WindowMetrics> windows = monitor.recentWindows();
        assertThat(windows.get(0).driftedFeatures()).isEmpty();
        assertThat(windows.get(1).driftedFeatures()).extracting(f -> f.feature()).containsExactly("price");
    }

    @Test
    void badSettingsAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> ModelMonitor.builder().windowDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowDuration").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> ModelMonitor.builder().referenceOutputs(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputs[1]");
        assertThatThrownBy(() -> ModelMonitor.builder().referenceOutputs(new double[] {1, 2}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OutputReader.regressor");
        assertThatThrownBy(() -> ModelMonitor.builder().referencePredictions(Map.of("a", -1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> AlertRule.rmseAbove(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rmse");
    }

    @Test
    void flushingAMonitorThatNeverAnalysedAWindowReturnsAtOnce() {
        // Before: the wait marker sat in the queue of an executor with no worker yet, for 30 s.
        try (ModelMonitor<Object> fresh = ModelMonitor.builder().build()) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                fresh.flush();
                fresh.flush();
            });
            assertThat(fresh.recentWindows()).isEmpty();
        }
    }
}
