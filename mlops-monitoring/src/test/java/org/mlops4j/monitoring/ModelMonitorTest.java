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
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.profile.ReferenceProfile;

class ModelMonitorTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount").withRange(0, 1_000),
            Feature.numeric("age").withRange(18, 100), Feature.categorical("country", Set.of("DE", "FR", "US")));
    private static final ModelRef MODEL = new ModelRef("fraud", 1);

    private final ManualClock clock = new ManualClock(Instant.parse("2025-08-01T00:00:00Z"));
    private final SplittableRandom rnd = new SplittableRandom(5);
    private InMemoryAlertSink sink;
    private ModelMonitor monitor;
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
        AlertEvaluator alerts = AlertEvaluator.create(clock, List.of(
                AlertRule.missingInputFraction(0.05),
                AlertRule.nullOutputFraction(0.05),
                AlertRule.latencyP99Above(Duration.ofMillis(50)),
                AlertRule.errorRateAbove(0.05),
                // One window in twenty shows a feature drifting by chance (5% significance):
                // requiring three windows in a row keeps clean traffic quiet.
                AlertRule.datasetDriftShareAbove(0.3).withHoldFor(3),
                AlertRule.accuracyBelow(0.8),
                AlertRule.conceptDriftDetected()), List.of(sink));
        monitor = ModelMonitor.builder().reference(ReferenceProfile.of(SCHEMA, reference)).windowSize(500)
                .alerts(alerts).clock(clock).build();
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
            monitor.onPrediction(PredictionEvent.success(id, clock.now(), "fraud-api", "champion", MODEL, input,
                    answer, 0.9, latencyNanos + rnd.nextInt(1_000_000)));
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
            monitor.recordFeedback(id, rnd.nextDouble() < 0.97 ? served.get(id) : flip(served.get(id)));
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
            monitor.recordFeedback(id, k++ % 50 == 0 ? flip(served.get(id)) : served.get(id));
        }
        assertThat(fired()).isEmpty();

        for (String id : serve(1_000, 0, 0, 0, 2_000_000)) {
            monitor.recordFeedback(id, flip(served.get(id)));
        }
        assertThat(fired()).containsExactlyInAnyOrder("concept-drift", "accuracy");
    }

    private static String flip(String label) {
        return "fraud".equals(label) ? "legit" : "fraud";
    }

    @Test
    void feedbackJoinsWithinABoundedWindowAndCountsTheRest() {
        ModelMonitor small = ModelMonitor.builder().schema(SCHEMA).feedbackCapacity(10).windowSize(100).build();
        for (int i = 0; i < 20; i++) {
            small.onPrediction(PredictionEvent.success("q" + i, clock.now(), "api", "champion", MODEL, row(0), "legit",
                    Double.NaN, 1_000));
        }
        assertThat(small.recordFeedback("q19", "legit")).isTrue();
        assertThat(small.recordFeedback("q19", "legit")).isFalse();
        assertThat(small.recordFeedback("q0", "legit")).isFalse();
        assertThat(small.recordUserSignal("q18", UserSignal.REJECTED)).isTrue();
        assertThat(small.recordUserSignal("nope", UserSignal.ACCEPTED)).isFalse();
        assertThat(small.evictedPredictions()).isEqualTo(10);
        assertThat(small.unmatchedFeedback()).isEqualTo(3);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> ModelMonitor.builder().windowSize(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("windowSize must be >= 2 but was 1");
        assertThatThrownBy(() -> ModelMonitor.builder().confidenceThreshold(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> ModelMonitor.builder().feedbackCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feedbackCapacity");
        assertThatThrownBy(() -> ModelMonitor.builder().schema(Schema.of(Feature.numeric("x")))
                .reference(ReferenceProfile.of(SCHEMA, List.of(row(0)))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
    }
}
