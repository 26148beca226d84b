package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.FeedbackMismatchException;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.UserSignal;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.profile.ReferenceProfile;

class ModelMonitorTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount").withRange(0, 1_000),
            Feature.numeric("age").withRange(18, 100), Feature.categorical("country", Set.of("DE", "FR", "US")));
    private static final ModelRef MODEL = new ModelRef("fraud", 1);

    private final ManualClock clock = new ManualClock(Instant.parse("2025-08-01T00:00:00Z"));
    private final SplittableRandom rnd = new SplittableRandom(5);
    private InMemoryAlertSink sink;
    private ModelMonitor<String> monitor;
    private final FeedbackJoin<Object, String> feedback = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
    private long ids;
    private final Map<String, String> served = new HashMap<>();

    private Map<String, Object> row(double amountShift) {
        Map<String, Object> r = new HashMap<>();
        r.put("amount", Math.min(1_000, Math.max(0, 200 + 50 * gaussian() + amountShift)));
        r.put("age", 18 + rnd.nextInt(60));
        r.put("country", new String[] {"DE", "FR", "US"}[rnd.nextInt(3)]);
        return r;
    }

    private double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @BeforeEach
    void build() {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            reference.add(row(0));
        }
        sink = AlertSinks.inMemory();
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(
                AlertRule.missingInputFraction(0.05),
                AlertRule.nullOutputFraction(0.05),
                AlertRule.latencyP99Above(Duration.ofMillis(50)),
                AlertRule.errorRateAbove(0.05),
                // One window in twenty shows a feature drifting by chance (5% significance):
                // requiring three windows in a row keeps clean traffic quiet.
                AlertRule.datasetDriftShareAbove(0.3).withHoldFor(3),
                AlertRule.accuracyBelow(0.8),
                AlertRule.conceptDriftDetected()), List.of(sink));
        monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s))
                .reference(ReferenceProfile.of(SCHEMA, reference)).windowSize(500)
                .alerts(alerts).clock(clock).sameThreadAnalysis().build();
        feedback.addListener(monitor);
    }

    private void label(String id, String truth) {
        feedback.record(id, GroundTruth.label(truth));
    }

    /** Serves n predictions; returns their ids. */
    private List<String> serve(int n, double amountShift, double missingRate, double nullRate, long latencyNanos) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> input = row(amountShift);
            if (rnd.nextDouble() < missingRate) {
                input.remove("age");
            }
            String answer = rnd.nextDouble() < nullRate ? "" : ((Double) input.get("amount") > 250 ? "fraud" : "legit");
            String id = "p" + (ids++);
            clock.advance(Duration.ofMillis(10));
            PredictionEvent<Map<String, Object>, String> event = PredictionEvent.success(id, clock.now(), "fraud-api",
                    "champion", MODEL, input, answer, 0.9, latencyNanos + rnd.nextInt(1_000_000));
            monitor.onPrediction(event);
            feedback.onPrediction(event);
            served.put(id, answer);
            out.add(id);
        }
        return out;
    }

    private List<String> fired() {
        return sink.alerts().stream().filter(a -> a.kind() == Alert.Kind.FIRED).map(Alert::rule).toList();
    }

    @Test
    void oneMillionCleanPredictionsRaiseNoAlert() {
        serve(1_000_000, 0, 0, 0, 2_000_000);
        assertThat(monitor.recentWindows()).hasSize(100);
        // Single windows may show a feature drifting by chance, at about the significance level.
        assertThat(monitor.recentWindows().stream().filter(w -> !w.driftedFeatures().isEmpty()).count())
                .isLessThanOrEqualTo(15);
        assertThat(fired()).isEmpty();
    }

    @Test
    void cleanTrafficRaisesNoAlert() {
        List<String> ids = serve(10_000, 0, 0, 0, 2_000_000);
        for (String id : ids) {
            // 3% of the labels disagree with the model: a good model, nothing to alert about.
            label(id, rnd.nextDouble() < 0.97 ? served.get(id) : flip(served.get(id)));
        }
        assertThat(monitor.recentWindows()).hasSize(20);
        WindowMetrics last = monitor.recentWindows().get(19);
        assertThat(last.predictions()).isEqualTo(500);
        assertThat(last.errorRatio()).isZero();
        assertThat(last.latencyP99Seconds()).isBetween(0.002, 0.0031);
        assertThat(last.throughputPerSecond()).isBetween(99.0, 101.0);
        assertThat(last.predictionShares()).containsKeys("fraud", "legit");
        assertThat(last.driftedFeatures()).isEmpty();
        assertThat(fired()).isEmpty();
    }

    @Test
    void eachInjectedFaultRaisesItsOwnAlert() {
        serve(1_000, 0, 0, 0, 2_000_000);
        assertThat(fired()).isEmpty();

        serve(500, 0, 0.2, 0, 2_000_000);
        assertThat(fired()).containsExactly("missing-input-fraction");

        serve(500, 0, 0, 0.2, 2_000_000);
        assertThat(fired()).containsExactly("missing-input-fraction", "null-output-fraction");

        serve(500, 0, 0, 0, 80_000_000);
        assertThat(fired()).contains("latency-p99").hasSize(3);

        serve(1_500, 400, 0, 0, 2_000_000);
        assertThat(fired()).contains("dataset-drift").hasSize(4);
        Alert drift = sink.alerts().stream().filter(a -> a.rule().equals("dataset-drift")).findFirst()
                .orElseThrow();
        assertThat(drift.topDriftedFeatures()).extracting(f -> f.feature()).containsExactly("amount");
    }

    @Test
    void aConceptShiftLowersAccuracyAndTripsTheDetector() {
        int k = 0;
        for (String id : serve(2_000, 0, 0, 0, 2_000_000)) {
            // 2% of the labels disagree with the model: a stable, good model.
            label(id, k++ % 50 == 0 ? flip(served.get(id)) : served.get(id));
        }
        assertThat(fired()).isEmpty();

        for (String id : serve(1_000, 0, 0, 0, 2_000_000)) {
            label(id, flip(served.get(id)));
        }
        assertThat(fired()).containsExactlyInAnyOrder("concept-drift", "accuracy");

        // The model is right again: a window of labels without a drift resolves both alerts...
        for (String id : serve(1_000, 0, 0, 0, 2_000_000)) {
            label(id, served.get(id));
        }
        assertThat(sink.alerts().stream().filter(a -> a.kind() == Alert.Kind.RESOLVED).map(Alert::rule))
                .containsExactlyInAnyOrder("concept-drift", "accuracy");
        // ...so that the next shift is alerted again (the default cooldown is zero).
        for (String id : serve(1_000, 0, 0, 0, 2_000_000)) {
            label(id, flip(served.get(id)));
        }
        assertThat(fired()).containsExactlyInAnyOrder("concept-drift", "accuracy", "concept-drift", "accuracy");
    }

    private static String flip(String label) {
        return "fraud".equals(label) ? "legit" : "fraud";
    }

    @Test
    void emptyAnswersWithGroundTruthCountAsWrongAndSignalsGiveTheNegativeShare() {
        ModelMonitor<String> small = ModelMonitor.builder(OutputReader.classifier((String s) -> s)).schema(SCHEMA)
                .windowSize(4).clock(clock).sameThreadAnalysis().build();
        FeedbackJoin<Object, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        join.addListener(small);
        for (int i = 0; i < 4; i++) {
            PredictionEvent<Map<String, Object>, String> e = PredictionEvent.success("q" + i, clock.now(), "api",
                    "champion", MODEL, row(0), i == 0 ? "" : "legit", Double.NaN, 1_000);
            small.onPrediction(e);
            join.onPrediction(e);
        }
        for (int i = 0; i < 4; i++) {
            join.record("q" + i, GroundTruth.label("legit"));
        }
        join.record("q1", UserSignal.REJECTED);
        join.record("q1", UserSignal.ACCEPTED);
        join.record("q2", UserSignal.NOT_USEFUL);
        join.record("q3", UserSignal.USEFUL);
        FeedbackMetrics f = small.feedbackMetrics("api", "champion", "fraud/1").orElseThrow();
        assertThat(f.labelled()).isEqualTo(4);
        assertThat(f.accuracy()).isEqualTo(0.75);
        assertThat(f.rejectedRatio()).isEqualTo(0.5);
        VariantFigures figures = small.figures("api", "champion", MODEL).orElseThrow();
        assertThat(figures.labelled()).isEqualTo(4);
        assertThat(figures.correct()).isEqualTo(3);
    }

    @Test
    void groundTruthThatCannotBeComparedIsRefusedInsteadOfCountedWrong() {
        ModelMonitor<Object> undeclared = ModelMonitor.builder().sameThreadAnalysis().build();
        FeedbackJoin<Object, Object> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        join.addListener(undeclared);
        record Scored(String label, double score) {
        }
        PredictionEvent<String, Object> opaque = PredictionEvent.success("o1", clock.now(), "api", "champion", MODEL,
                "x", new Scored("fraud", 0.9), Double.NaN, 1_000);
        PredictionEvent<String, Object> plain = PredictionEvent.success("o2", clock.now(), "api", "champion", MODEL,
                "x", "fraud", Double.NaN, 1_000);
        for (PredictionEvent<String, Object> e : List.of(opaque, plain)) {
            undeclared.onPrediction(e);
            join.onPrediction(e);
        }

        assertThatThrownBy(() -> join.record("o1", GroundTruth.label("fraud")))
                .isInstanceOf(FeedbackMismatchException.class).hasMessageContaining("Scored")
                .hasMessageContaining("OutputReader.classifier");
        assertThatThrownBy(() -> join.record("o2", GroundTruth.value(1.0)))
                .isInstanceOf(FeedbackMismatchException.class).hasMessageContaining("OutputReader.regressor");
        assertThat(undeclared.feedbackMetrics()).isEmpty();

        ModelMonitor<Double> regression = ModelMonitor.builder(OutputReader.regressor(Double::doubleValue))
                .sameThreadAnalysis().build();
        FeedbackJoin<Object, Double> values = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        values.addListener(regression);
        PredictionEvent<String, Double> price = PredictionEvent.success("r1", clock.now(), "api", "champion", MODEL,
                "x", 10.0, Double.NaN, 1_000);
        regression.onPrediction(price);
        values.onPrediction(price);
        assertThatThrownBy(() -> values.record("r1", GroundTruth.label("cheap")))
                .isInstanceOf(FeedbackMismatchException.class).hasMessageContaining("GroundTruth.value");
    }

    /** A request as a service models it: a record, read with no configuration. */
    record Payment(double amount, Integer age, String country) {
    }

    @Test
    void recordInputsAreReadWithoutConfigurationAndUnreadableInputsAreNotMissing() {
        ModelMonitor<Object> m = ModelMonitor.builder().schema(SCHEMA).windowSize(4).sameThreadAnalysis().build();
        m.onPrediction(PredictionEvent.success("a", clock.now(), "api", "champion", MODEL,
                new Payment(10.0, 30, "FR"), "legit", Double.NaN, 1_000));
        m.onPrediction(PredictionEvent.success("b", clock.now(), "api", "champion", MODEL,
                new Payment(2_000.0, null, "FR"), "legit", Double.NaN, 1_000));
        m.onPrediction(PredictionEvent.success("c", clock.now(), "api", "champion", MODEL,
                "an opaque string the schema's features cannot be read from", "legit", Double.NaN, 1_000));
        m.onPrediction(PredictionEvent.success("d", clock.now(), "api", "champion", MODEL,
                Map.of("amount", 5.0, "age", 40, "country", "XX"), "legit", Double.NaN, 1_000));
        WindowMetrics w = m.recentWindows().get(0);
        assertThat(w.missingRatio()).containsEntry("age", 0.25).containsEntry("amount", 0.0);
        assertThat(w.outOfRangeRatio()).containsEntry("amount", 0.25);
        assertThat(w.unseenCategoryRatio()).containsEntry("country", 0.25);
        assertThat(w.unreadableInputRatio()).isEqualTo(0.25);
        assertThat(m.unreadableInputs()).isEqualTo(1);

        // The same inputs through an extractor that only reads maps: records become unreadable too.
        ModelMonitor<Object> mapsOnly = ModelMonitor.builder().schema(SCHEMA).features(FeatureExtractor.maps())
                .windowSize(2).sameThreadAnalysis().build();
        mapsOnly.onPrediction(PredictionEvent.success("a", clock.now(), "api", "champion", MODEL,
                new Payment(10.0, 30, "FR"), "legit", Double.NaN, 1_000));
        mapsOnly.onPrediction(PredictionEvent.success("b", clock.now(), "api", "champion", MODEL,
                Map.of("amount", 5.0, "age", 40, "country", "FR"), "legit", Double.NaN, 1_000));
        assertThat(mapsOnly.recentWindows().get(0).unreadableInputRatio()).isEqualTo(0.5);
        assertThat(mapsOnly.recentWindows().get(0).maxMissingRatio()).isZero();
    }

    @Test
    void theSchemaComesFromTheSignatureUnlessOneIsGiven() {
        ModelSignature signature = ModelSignature.classifier(SCHEMA, List.of("legit", "fraud"));
        ModelMonitor<String> fromSignature = ModelMonitor.builder(OutputReader.classifier((String s) -> s))
                .signature(signature).windowSize(2).sameThreadAnalysis().build();
        assertThat(fromSignature.schema()).contains(SCHEMA);
        fromSignature.onPrediction(PredictionEvent.success("a", clock.now(), "api", "champion", MODEL,
                Map.of("amount", 5_000.0, "age", 40, "country", "FR"), "legit", Double.NaN, 1_000));
        fromSignature.onPrediction(PredictionEvent.success("b", clock.now(), "api", "champion", MODEL,
                Map.of("amount", 5.0, "age", 40, "country", "FR"), "legit", Double.NaN, 1_000));
        assertThat(fromSignature.recentWindows().get(0).outOfRangeRatio()).containsEntry("amount", 0.5);

        Schema given = Schema.of(Feature.numeric("amount"));
        assertThat(ModelMonitor.builder().signature(signature).schema(given).build().schema()).contains(given);
        assertThat(ModelMonitor.builder().schema(given).signature(signature).build().schema()).contains(given);
        assertThat(ModelMonitor.builder().build().schema()).isEmpty();
        assertThatThrownBy(() -> ModelMonitor.builder(OutputReader.regressor((Double d) -> d)).signature(signature))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REGRESSION")
                .hasMessageContaining("CLASSIFICATION");
    }

    @Test
    void figuresCountRoutedRequestsApartFromFallbackAnswers() {
        ModelMonitor<Object> m = ModelMonitor.builder().sameThreadAnalysis().build();
        ModelRef candidate = new ModelRef("fraud", 2);
        Instant t = clock.now();
        m.onPrediction(PredictionEvent.success("1", null, "u1", t, "api", "canary", candidate, "x", "fraud", 0.9, 2_000_000,
                false));
        m.onPrediction(PredictionEvent.failure("2", null, "u2", t, "api", "canary", candidate, "x", 1_000_000,
                new IllegalStateException("boom"), false));
        PredictionEvent<Object, Object> fallbackAnswer = PredictionEvent.success("2", null, "u2", t, "api", "champion",
                MODEL, "x", "legit", 0.9, 3_000_000, true);
        m.onPrediction(fallbackAnswer);
        PredictionEvent<Object, Object> routedAnswer = PredictionEvent.success("3", null, "u3", t, "api", "champion",
                MODEL, "x", "legit", 0.9, 4_000_000, false);
        m.onPrediction(routedAnswer);
        m.onFeedback(new org.mlops4j.core.feedback.FeedbackEvent<>(fallbackAnswer, GroundTruth.label("legit"), t));
        m.onFeedback(new org.mlops4j.core.feedback.FeedbackEvent<>(routedAnswer, GroundTruth.label("fraud"), t));

        VariantFigures canary = m.figures("api", "canary", candidate).orElseThrow();
        VariantFigures champion = m.figures("api", "champion", MODEL).orElseThrow();
        assertThat(canary.requests()).isEqualTo(2);
        assertThat(canary.errors()).isEqualTo(1);
        assertThat(canary.recentLatenciesMillis()).containsExactly(2.0);
        assertThat(canary.predictedLabels()).containsOnly(Map.entry("fraud", 1L));
        assertThat(champion.requests()).as("the fallback answer is not a routed request").isEqualTo(1);
        assertThat(champion.fallbacks()).isEqualTo(1);
        assertThat(champion.recentLatenciesMillis()).containsExactly(4.0);
        assertThat(champion.predictedLabels()).as("nor is its label").containsOnly(Map.entry("legit", 1L));
        assertThat(champion.labelled()).as("nor its ground truth").isEqualTo(1);
        assertThat(champion.correct()).isZero();
        assertThat(m.feedbackMetrics("api", "champion", MODEL.toString()).orElseThrow().labelled())
                .as("the monitor's own feedback figures count both").isEqualTo(2);
        // The window itself counts every answer.
        m.flush();
        assertThat(m.recentWindows()).filteredOn(w -> w.variant().equals("champion")).singleElement()
                .satisfies(w -> assertThat(w.predictionShares()).containsOnly(Map.entry("legit", 1.0)));
        assertThat(m.figures("api", "nobody", MODEL)).isEmpty();
    }

    @Test
    void aBinaryFeatureMeetingANewCategoryKeepsItsWindow() {
        Schema binary = Schema.of(Feature.anyCategory("channel"));
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            reference.add(Map.of("channel", i % 2 == 0 ? "web" : "app"));
        }
        ModelMonitor<Object> m = ModelMonitor.builder().reference(ReferenceProfile.of(binary, reference))
                .windowSize(300).sameThreadAnalysis().build();
        for (int i = 0; i < 300; i++) {
            m.onPrediction(PredictionEvent.success("p" + i, clock.now(), "api", "champion", MODEL,
                    Map.of("channel", i % 3 == 0 ? "kiosk" : i % 3 == 1 ? "web" : "app"), "legit", Double.NaN, 1_000));
        }
        assertThat(m.analysisFailures()).isZero();
        WindowMetrics w = m.recentWindows().get(0);
        assertThat(w.driftedShare()).isEqualTo(1.0);
        assertThat(w.driftedFeatures()).extracting(DriftedFeature::feature).containsExactly("channel");
    }

    @Test
    void rebaseliningComparesTheNextWindowsWithTheNewReference() {
        List<Map<String, Object>> shifted = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            shifted.add(row(400));
        }
        serve(500, 400, 0, 0, 2_000_000);
        assertThat(monitor.recentWindows().get(0).driftedFeatures()).extracting(DriftedFeature::feature)
                .contains("amount");
        monitor.rebaseline(Baseline.of(ReferenceProfile.of(SCHEMA, shifted)));
        serve(250, 400, 0, 0, 2_000_000);
        monitor.rebaseline(Baseline.of(ReferenceProfile.of(SCHEMA, shifted)));
        serve(500, 400, 0, 0, 2_000_000);
        List<WindowMetrics> windows = monitor.recentWindows();
        assertThat(windows).extracting(WindowMetrics::predictions).as("a rebaseline closes the open window")
                .containsExactly(500L, 250L, 500L);
        assertThat(windows.get(1).driftedFeatures()).isEmpty();
        assertThat(windows.get(2).driftedFeatures()).isEmpty();
        assertThat(monitor.figures("fraud-api", "champion", MODEL).orElseThrow().requests())
                .as("running figures survive a rebaseline").isEqualTo(1_250);
    }

    @Test
    void aRebaselineResolvesADriftIncidentAndStartsDriftRulesAfresh() {
        List<Map<String, Object>> shifted = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            shifted.add(row(400));
        }
        serve(1_500, 400, 0, 0, 2_000_000);
        assertThat(fired()).containsExactly("dataset-drift");
        monitor.rebaseline(Baseline.of(ReferenceProfile.of(SCHEMA, shifted)));
        assertThat(sink.alerts()).last().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.RESOLVED);
            assertThat(a.rule()).isEqualTo("dataset-drift");
            assertThat(a.window()).startsWith("re-baselined");
        });
        serve(1_500, 400, 0, 0, 2_000_000);
        assertThat(fired()).as("the shifted traffic is the new normal").containsExactly("dataset-drift");
    }

    @Test
    void driftSettingsReachTheWindows() {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            reference.add(row(0));
        }
        ModelMonitor<Object> strict = ModelMonitor.builder().reference(ReferenceProfile.of(SCHEMA, reference))
                .drift(org.mlops4j.monitoring.profile.DriftCheckConfig.builder().minCurrentSize(1_000).build())
                .windowSize(500).sameThreadAnalysis().build();
        for (int i = 0; i < 500; i++) {
            strict.onPrediction(PredictionEvent.success("p" + i, clock.now(), "api", "champion", MODEL, row(400),
                    "legit", Double.NaN, 1_000));
        }
        assertThat(strict.recentWindows().get(0).driftedShare()).as("too few rows for the configured minimum").isNaN();
    }

    @Test
    void windowsAreAnalysedOffTheServingThreadByDefault() {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        ModelMonitor<Object> m = ModelMonitor.builder().windowSize(2)
                .listener(new MonitorListener() {
                    @Override
                    public void onWindow(WindowMetrics metrics) {
                        threads.add(Thread.currentThread().getName());
                    }
                }).build();
        for (int i = 0; i < 6; i++) {
            m.onPrediction(PredictionEvent.success("p" + i, clock.now(), "api", "champion", MODEL, "x", "legit",
                    Double.NaN, 1_000));
        }
        m.flush();
        assertThat(m.recentWindows()).hasSize(3);
        assertThat(threads).containsOnly("mlops-monitor-analysis");
        m.close();
        m.onPrediction(PredictionEvent.success("late", clock.now(), "api", "champion", MODEL, "x", "legit",
                Double.NaN, 1_000));
        m.onPrediction(PredictionEvent.success("late2", clock.now(), "api", "champion", MODEL, "x", "legit",
                Double.NaN, 1_000));
        assertThat(m.droppedWindows()).as("a closed monitor drops, and counts, what closes after").isEqualTo(1);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> ModelMonitor.builder().windowSize(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("windowSize must be >= 2 but was 1");
        assertThatThrownBy(() -> ModelMonitor.builder().confidenceThreshold(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> ModelMonitor.builder(OutputReader.classifier((String x) -> x))
                .baseline(Baseline.none().withOutputs(new double[] {1.0})).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regression model");
        assertThatThrownBy(() -> Baseline.none().withOutputs(new double[] {1.0, Double.NaN}))
                .hasMessageContaining("outputs[1] must be finite but was NaN");
        assertThatThrownBy(() -> ModelMonitor.builder().schema(Schema.of(Feature.numeric("x")))
                .reference(ReferenceProfile.of(SCHEMA, List.of(row(0)))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
    }
}
